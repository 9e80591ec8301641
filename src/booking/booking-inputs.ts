import { z } from "zod";
import { ID_PREFIX } from "../bookingtime/ids.js";
import { parseTimeInput } from "../bookingtime/time.js";

/** A bookingtime id of one kind, checked by prefix and length; `source` names the tool that supplies it. */
export function idInput(kind: keyof typeof ID_PREFIX, name: string, source: string) {
  const prefix = ID_PREFIX[kind];
  return z
    .string()
    .regex(new RegExp(`^${prefix}[A-Za-z0-9]{30}$`), {
      error: `${name} must be '${prefix}' + 30 letters/digits, as ${source} returns it`,
    })
    .describe(`From ${source}`);
}

/** Described on the optional wrapper too, where clients and the contract test read it. */
export function optionalIdInput(kind: keyof typeof ID_PREFIX, name: string, source: string) {
  return idInput(kind, name, source).optional().describe(`From ${source}`);
}

/** A plain date (read in the organization's time zone) or a date-time with an offset; never naive. */
export function timeInput(name: string, description: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseTimeInput(value);
      if ("error" in parsed) ctx.addIssue({ code: "custom", message: `${name} ${parsed.error}` });
    })
    .describe(description);
}

export const pageInput = z.number().int().min(1).max(999).default(1);

const FROM = "YYYY-MM-DD (organization's zone) or date-time with offset";
const TO = "Same forms, inclusive. Default: from's day";
export const fromInput = timeInput("from", FROM).optional().describe(FROM);
export const toInput = timeInput("to", TO).optional().describe(TO);

export function pageOf<T>(items: readonly T[], page: number, size: number) {
  const start = (page - 1) * size;
  return {
    items: items.slice(start, start + size),
    page,
    total: items.length,
    hasMore: start + size < items.length,
  };
}
