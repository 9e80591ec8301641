import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { SANDBOX_BOOKING } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "./harness.js";

/** Monday 2026-03-23, 08:00 in Berlin; summer time starts on Sunday 29 March. */
export const MONDAY_8AM = Date.parse("2026-03-23T07:00:00Z");

// biome-ignore lint/suspicious/noExplicitAny: structured results are inspected field by field
export type Json = any;

export const data = (r: CallToolResult): Json => r.structuredContent;

/** One entry per staff option, as the tests pick slots: find_free_slots groups them by start time. */
export function flatSlots(found: Json): Json[] {
  return found.slots.flatMap((t: Json) =>
    t.options.map((o: Json) => ({ id: o.slotId, start: t.start, end: t.end, staff: o.staff })),
  );
}

/** Steps most booking tests take, against whichever harness the suite has started. */
export function bookingSteps(harness: () => Harness) {
  return {
    async customer(lastName = "Lovelace"): Promise<string> {
      const r = await harness().call("add_customer", { firstName: "Ada", lastName });
      return data(r).customer.id;
    },
    async slots(args: Record<string, unknown>): Promise<Json[]> {
      // detail: the per-slot ids these tests book with.
      const r = await harness().call("find_free_slots", {
        serviceId: SANDBOX_BOOKING.acme.haircut,
        detail: true,
        ...args,
      });
      expect(r.isError, textOf(r)).toBeFalsy();
      return flatSlots(data(r));
    },
  };
}

/**
 * The set-up most booking suites share: one harness for the file (or describe block), and before
 * each test a fresh server, an emptied emulator and its clock at MONDAY_8AM. `use` receives it.
 */
export function useBookingHarness(
  use: (harness: Harness) => void,
  sandboxOptions: Parameters<typeof startHarness>[1] = {},
): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness({}, sandboxOptions);
    use(harness);
  });
  afterAll(() => harness?.close());
  beforeEach(async () => {
    if (!harness) return;
    await harness.reconnect({});
    harness.sandbox.reset();
    harness.sandbox.clock.set(MONDAY_8AM);
  });
}
