import type { Config } from "../settings/types.js";
import type { Env } from "./env-schema.js";
import { fail } from "./fail.js";
import { toConfig } from "./to-config.js";

/** `doctor` checks real credentials, so it needs the app and the organization to check. */
export function doctorConfig(
  values: { record?: string | undefined; "log-level"?: string | undefined },
  e: Env,
  env: Record<string, string | undefined>,
): Config {
  const other = Object.keys(values).filter((flag) => flag !== "record" && flag !== "log-level");
  if (other.length > 0) {
    fail(
      `doctor takes only --record DIR and --log-level, not --${other[0]}. It checks the real credentials from the environment; to try it on the emulator, run \`bookingtime-mcp sandbox\` and point BOOKINGTIME_API_URL and BOOKINGTIME_AUTH_URL at it.`,
    );
  }
  if (!e.BOOKINGTIME_CLIENT_ID) {
    fail(
      "BOOKINGTIME_CLIENT_ID is not set. doctor needs your bookingtime app's client id (and BOOKINGTIME_CLIENT_SECRET).",
    );
  }
  if (!e.BOOKINGTIME_ORGANIZATION_ID) {
    fail(
      "BOOKINGTIME_ORGANIZATION_ID is not set. doctor checks one organization: set it to the id bookingtime gave you ('f6' followed by 30 letters or digits).",
    );
  }
  if (values.record?.trim() === "") fail("--record needs a directory.");
  // A person at a terminal reads the report; routine info logs would drown it unless asked for.
  const quiet = values["log-level"] === undefined && env.LOG_LEVEL === undefined;
  const config = toConfig(
    "doctor",
    false,
    4010,
    quiet ? { ...e, LOG_LEVEL: "error" } : e,
    { readOnly: true, toolsets: undefined },
    undefined,
  );
  return Object.freeze({
    ...config,
    doctor: Object.freeze({
      organizationId: e.BOOKINGTIME_ORGANIZATION_ID,
      recordDir: values.record,
    }),
  });
}
