import { z } from "zod";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";
import { LOG_LEVELS } from "../settings/types.js";
import { envFlag, httpUrl, wholeNumber } from "./fields.js";

/** The variables every mode reads. */
export const envSchema = z.object({
  BOOKINGTIME_CLIENT_ID: z.string().trim().optional(),
  BOOKINGTIME_CLIENT_SECRET: z.string().default(""),
  BOOKINGTIME_ORGANIZATION_ID: z
    .string()
    .trim()
    .regex(ORGANIZATION_ID_PATTERN, {
      error:
        "BOOKINGTIME_ORGANIZATION_ID must be an organization id: 'f6' followed by 30 letters or digits",
    })
    .optional(),
  // bookingtime's SDK example shows '70' + 30 characters; only path safety is enforced here.
  BOOKINGTIME_APP_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,64}$/, {
      error: "BOOKINGTIME_APP_ID must be your bookingtime app's id: letters and digits ('70…')",
    })
    .optional(),
  BOOKINGTIME_API_URL: httpUrl("BOOKINGTIME_API_URL").default("https://api.bookingtime.com/app/v3"),
  BOOKINGTIME_AUTH_URL: httpUrl("BOOKINGTIME_AUTH_URL").default(
    "https://auth.bookingtime.com/oauth/token",
  ),
  BOOKINGTIME_LOCALE: z
    .string()
    .regex(/^[a-z]{2}([_-][A-Za-z]{2})?$/, {
      error: "BOOKINGTIME_LOCALE must be a locale such as en, de or de_DE",
    })
    .default("en"),
  BOOKINGTIME_TIMEOUT_MS: wholeNumber(100, 600_000, 15_000, {
    whole: "BOOKINGTIME_TIMEOUT_MS must be a whole number of milliseconds",
    min: "BOOKINGTIME_TIMEOUT_MS must be at least 100",
    max: "BOOKINGTIME_TIMEOUT_MS must be at most 600000 (10 minutes)",
  }),
  BOOKINGTIME_READ_ONLY: envFlag("BOOKINGTIME_READ_ONLY"),
  BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION: envFlag("BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION"),
  BOOKINGTIME_MCP_AUDIT_FILE: z.string().trim().min(1).optional(),
  BOOKINGTIME_ALLOWED_ORGANIZATIONS: z
    .string()
    .transform((v, ctx) => {
      const ids = v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      if (ids.length === 0 || !ids.every((id) => ORGANIZATION_ID_PATTERN.test(id))) {
        ctx.addIssue({
          code: "custom",
          message:
            "BOOKINGTIME_ALLOWED_ORGANIZATIONS must be a comma-separated list of organization ids ('f6' followed by 30 letters or digits)",
        });
        return z.NEVER;
      }
      return [...new Set(ids)];
    })
    .optional(),
  // The same as --sandbox, for launchers that can set variables but not flags (the .mcpb switch).
  BOOKINGTIME_SANDBOX: envFlag("BOOKINGTIME_SANDBOX"),
  BOOKINGTIME_TOOLSETS: z.string().optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` })
    .default("info"),
});

export type Env = z.output<typeof envSchema>;
