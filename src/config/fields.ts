import { z } from "zod";
import { isLoopback } from "../settings/loopback.js";

// zod builders for one variable each; every message names the variable and never echoes its value.

export const httpUrl = (name: string) =>
  z
    .url({
      protocol: /^https?$/,
      error: `${name} must be an http(s) URL, for example https://api.bookingtime.com/app/v3`,
    })
    .transform((u) => u.replace(/\/+$/, ""));

/** A yes/no variable: true, false, 1 or 0 in any case; unset is false. */
export const envFlag = (name: string) =>
  z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .pipe(
      z.enum(["true", "false", "1", "0"], {
        error: `${name} must be true, false, 1 or 0 (any case)`,
      }),
    )
    .transform((v) => v === "true" || v === "1")
    .default(false);

/** A comma-separated variable; every item must match `pattern` (tested after lower-casing if asked). */
export const commaList = (name: string, pattern: RegExp, what: string, lowerCase = false) =>
  z.string().transform((v, ctx) => {
    const items = v
      .split(",")
      .map((s) => (lowerCase ? s.trim().toLowerCase() : s.trim()))
      .filter((s) => s !== "");
    if (!items.every((item) => pattern.test(item))) {
      ctx.addIssue({
        code: "custom",
        message: `${name} must be a comma-separated list of ${what}`,
      });
      return z.NEVER;
    }
    return items;
  });

/** A whole number within bounds; `says` is the message for each way it can be wrong. */
export const wholeNumber = (
  min: number,
  max: number,
  fallback: number,
  says: { whole: string; min?: string; max?: string },
) =>
  z.coerce
    .number({ error: says.whole })
    .int({ error: says.whole })
    .min(min, { error: says.min ?? says.whole })
    .max(max, { error: says.max ?? says.whole })
    .default(fallback);

export const count = (name: string, min: number, max: number, fallback: number) =>
  wholeNumber(min, max, fallback, {
    whole: `${name} must be a whole number from ${min} to ${max}`,
  });

/** https, or http on a loopback host (a local authorization server, tests). */
export const secureUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v), { error: `${name} must be a URL` })
    .refine(
      (v) => {
        const url = new URL(v);
        return (
          url.protocol === "https:" ||
          (url.protocol === "http:" && isLoopback(url.hostname.replace(/^\[(.*)\]$/, "$1")))
        );
      },
      { error: `${name} must be an https URL (http only for localhost)` },
    );
