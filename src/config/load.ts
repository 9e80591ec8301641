import { type Config, EMULATOR_SHAPES, type EmulatorShapes } from "../settings/types.js";
import { doctorConfig } from "./doctor.js";
import { envSchema } from "./env-schema.js";
import { fail } from "./fail.js";
import { parseFlags } from "./flags.js";
import { httpConfig } from "./http.js";
import { describeIssue } from "./issues.js";
import { toConfig } from "./to-config.js";
import { parseToolsets } from "./toolsets.js";

/** Parses flags and environment once, at the entry; nothing else reads process.env. */
export function loadConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Config {
  const { values, positionals } = parseFlags(argv);
  const [command, ...extra] = positionals;
  if (
    extra.length > 0 ||
    (command !== undefined && command !== "sandbox" && command !== "doctor")
  ) {
    fail(`Unknown argument '${positionals.join(" ")}'. Run bookingtime-mcp --help for usage.`);
  }
  // --help and --version must work even when the environment is broken.
  if (values.help || values.version) {
    return toConfig(
      values.help ? "help" : "version",
      false,
      4010,
      envSchema.parse({}),
      { readOnly: false, toolsets: undefined },
      undefined,
    );
  }
  // An empty variable (VAR= in a client config) means "not set".
  const setEnv = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse({
    ...setEnv,
    ...(values["log-level"] !== undefined ? { LOG_LEVEL: values["log-level"] } : {}),
  });
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => describeIssue(issue, values)).join("\n"));
  }
  const e = parsed.data;
  const flagPort = values.port === undefined ? undefined : Number(values.port);
  if (
    flagPort !== undefined &&
    !(Number.isInteger(flagPort) && flagPort >= 0 && flagPort <= 65535)
  ) {
    fail("--port must be a port number between 0 and 65535");
  }
  if (command === "doctor") return doctorConfig(values, e, setEnv);
  if (values.record !== undefined) fail("--record only applies to the doctor command.");
  const mode = command === "sandbox" ? "sandbox-only" : "serve";
  if (values.http && mode !== "serve") fail("--http cannot be combined with the sandbox command.");
  if (!values.http && (values.host !== undefined || values["insecure-no-auth"])) {
    fail("--host and --insecure-no-auth only apply to remote mode: add --http.");
  }
  if (!values.http && mode === "serve" && values.port !== undefined) {
    fail("--port only applies to remote mode (--http) or the sandbox command: add --http.");
  }
  const http = values.http
    ? httpConfig(setEnv, {
        port: flagPort,
        host: values.host,
        insecureNoAuth: values["insecure-no-auth"] === true,
      })
    : undefined;
  const sandboxPort = values.http ? 4010 : (flagPort ?? 4010);
  const sandbox = values.sandbox === true || e.BOOKINGTIME_SANDBOX;
  const allowed = e.BOOKINGTIME_ALLOWED_ORGANIZATIONS;
  if (
    allowed &&
    e.BOOKINGTIME_ORGANIZATION_ID &&
    !allowed.includes(e.BOOKINGTIME_ORGANIZATION_ID)
  ) {
    fail(
      "BOOKINGTIME_ORGANIZATION_ID is not in BOOKINGTIME_ALLOWED_ORGANIZATIONS: add it to the list, or set a default organization from the list.",
    );
  }
  if (mode === "serve" && !sandbox && !e.BOOKINGTIME_CLIENT_ID) {
    fail(
      "BOOKINGTIME_CLIENT_ID is not set. Set it to your bookingtime app's client id " +
        "(and BOOKINGTIME_CLIENT_SECRET to its secret), or start with --sandbox to try the demo organization.",
    );
  }
  const emulatorShapes = parseEmulatorShapes(
    values["emulator-shapes"],
    sandbox || mode === "sandbox-only",
  );
  const config = toConfig(
    mode,
    sandbox,
    sandboxPort,
    e,
    {
      readOnly: values["read-only"] === true || e.BOOKINGTIME_READ_ONLY,
      toolsets: parseToolsets(values.toolsets, e.BOOKINGTIME_TOOLSETS),
    },
    http,
  );
  return Object.freeze({ ...config, emulatorShapes });
}

function parseEmulatorShapes(flag: string | undefined, emulator: boolean): EmulatorShapes {
  if (flag === undefined) return "default";
  if (!emulator) fail("--emulator-shapes only applies to the emulator: add --sandbox.");
  const shapes = EMULATOR_SHAPES.find((s) => s === flag);
  return shapes ?? fail(`--emulator-shapes must be one of ${EMULATOR_SHAPES.join(", ")}.`);
}
