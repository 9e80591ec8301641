import { ApiClientError, UnusableContentError, type UpstreamMessage } from "./errors.js";
import type { DateRangeUnit, Skipped } from "./schemas.js";

/**
 * What a write answered 2xx gives: the record, or, when its answer was unusable and reading it
 * back failed too, what is known. A 2xx write is done either way and is never reported failed.
 */
export type Written<T> =
  | { record: T; readBack?: boolean }
  | { record: undefined; id: string | undefined; messages: readonly UpstreamMessage[] };

/** A list's records, and those bookingtime sent that did not fit (logged by the client). */
export interface Records<T> {
  records: T[];
  skipped: Skipped[];
}

export interface NewAppointment {
  bookingSlotId: string;
  customerId: string;
  /** Our own id for the booking: identify finds it again from any process. */
  customId?: string | undefined;
}

/**
 * "Not found" as identify may say it: 404, 2xx with empty content or an error message, or a
 * 400 with a message. 400 counts as "not found" here only: identify has no body and no other
 * parameter than the customId, so a refusal of it can only mean nothing matched.
 */
export function identifyMiss(error: unknown): boolean {
  if (error instanceof UnusableContentError) return error.empty || error.reportsError;
  return error instanceof ApiClientError && (error.status === 404 || error.status === 400);
}

/** What an identify call found, or undefined however bookingtime says "none" (identifyMiss). */
export async function unlessMissing<T>(identify: Promise<T>): Promise<T | undefined> {
  try {
    return await identify;
  } catch (error) {
    if (identifyMiss(error)) return undefined;
    throw error;
  }
}

/**
 * A 2xx write whose answer is unusable (or not JSON) is read back; failing that, its id is all
 * we know. Only an error message (by type) without a record makes a 2xx a refusal.
 */
export async function written<T>(
  write: () => Promise<T>,
  readBack: (id: string | undefined) => Promise<T | undefined>,
): Promise<Written<T>> {
  try {
    return { record: await write() };
  } catch (error) {
    if (!(error instanceof UnusableContentError)) throw error;
    // An error message and no record: bookingtime refused it, as with a 4xx. The tools find out
    // (by customId, or by reading the record) whether anything was changed after all.
    if (error.reportsError) {
      throw new ApiClientError(
        `bookingtime refused the request: it answered ${error.status} with an error message and no record.`,
        {
          status: error.status,
          upstreamMessages: error.upstreamMessages,
          code: "rejected",
        },
      );
    }
    const record = await readBack(error.recordId).catch(() => undefined);
    if (record !== undefined) return { record, readBack: true };
    return { record: undefined, id: error.recordId, messages: error.upstreamMessages };
  }
}

export function rangePath(range: DateRangeUnit | "earliest"): string[] {
  if (range === "earliest") return ["earliest"];
  switch (range.unit) {
    case "day":
      return [
        "year",
        String(range.year),
        "month",
        String(range.month),
        "day",
        String(range.day),
        "listDay",
      ];
    case "week":
      return ["year", String(range.year), "week", String(range.week), "listWeek"];
    case "month":
      return ["year", String(range.year), "month", String(range.month), "listMonth"];
  }
}
