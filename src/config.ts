import { parseArgs } from "node:util";
import { z } from "zod";
import { ORGANIZATION_ID_PATTERN } from "./bookingtime/ids.js";
import { TOOLSETS, type Toolset } from "./tools/define.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly mode: "serve" | "sandbox-only" | "help" | "version";
  readonly sandbox: boolean;
  readonly sandboxPort: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly organizationId: string | undefined;
  readonly apiUrl: string;
  readonly authUrl: string;
  readonly locale: string;
  readonly timeoutMs: number;
  readonly logLevel: LogLevel;
  /** Write tools (readOnlyHint false) are not registered at all. */
  readonly readOnly: boolean;
  /** Only these tool groups are registered; undefined means all. */
  readonly toolsets: readonly Toolset[] | undefined;
}

/** Thrown for any bad flag or variable; the message names it and says what to set. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const httpUrl = (name: string) =>
  z
    .url({
      protocol: /^https?$/,
      error: `${name} must be an http(s) URL, for example https://api.bookingtime.com/app/v3`,
    })
    .transform((u) => u.replace(/\/+$/, ""));

const envSchema = z.object({
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
  BOOKINGTIME_TIMEOUT_MS: z.coerce
    .number({ error: "BOOKINGTIME_TIMEOUT_MS must be a whole number of milliseconds" })
    .int({ error: "BOOKINGTIME_TIMEOUT_MS must be a whole number of milliseconds" })
    .min(100, { error: "BOOKINGTIME_TIMEOUT_MS must be at least 100" })
    .max(600_000, { error: "BOOKINGTIME_TIMEOUT_MS must be at most 600000 (10 minutes)" })
    .default(15_000),
  BOOKINGTIME_READ_ONLY: z
    .enum(["true", "false", "1", "0"], {
      error: "BOOKINGTIME_READ_ONLY must be true or false",
    })
    .transform((v) => v === "true" || v === "1")
    .default(false),
  BOOKINGTIME_TOOLSETS: z.string().optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` })
    .default("info"),
});

export const HELP = `bookingtime-mcp: an MCP server for the bookingtime appointment API (stdio).

Usage:
  bookingtime-mcp [--sandbox] [--read-only] [--toolsets LIST] [--log-level LEVEL]
                                                    serve MCP over stdin/stdout
  bookingtime-mcp sandbox [--port N]                run only the bookingtime emulator
  bookingtime-mcp --help | --version

Flags:
  --sandbox          use the embedded bookingtime emulator with demo data (no credentials needed)
  --read-only        offer no tool that changes data (overrides BOOKINGTIME_READ_ONLY)
  --toolsets LIST    only these tool groups, comma-separated: ${TOOLSETS.join(", ")}
                     (overrides BOOKINGTIME_TOOLSETS)
  --log-level LEVEL  ${LOG_LEVELS.join(" | ")} (overrides LOG_LEVEL)
  --port N           port of the standalone emulator (default 4010)

Environment:
  BOOKINGTIME_CLIENT_ID        app client id (required unless --sandbox)
  BOOKINGTIME_CLIENT_SECRET    app client secret (may be empty for module-style apps)
  BOOKINGTIME_ORGANIZATION_ID  organization used when a tool call names none
  BOOKINGTIME_API_URL          default https://api.bookingtime.com/app/v3
  BOOKINGTIME_AUTH_URL         default https://auth.bookingtime.com/oauth/token
  BOOKINGTIME_LOCALE           language of API messages, default en
  BOOKINGTIME_TIMEOUT_MS       per-request timeout, default 15000
  BOOKINGTIME_READ_ONLY        true: write tools are not offered, default false
  BOOKINGTIME_TOOLSETS         comma list of ${TOOLSETS.join(", ")}; default all
  LOG_LEVEL                    default info; logs go to stderr only
`;

function fail(message: string): never {
  throw new ConfigError(message);
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        sandbox: { type: "boolean" },
        "read-only": { type: "boolean" },
        toolsets: { type: "string" },
        "log-level": { type: "string" },
        port: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}. Run bookingtime-mcp --help for the flags.`);
  }
}

/** Parses flags and environment once, at the entry; nothing else reads process.env. */
export function loadConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Config {
  const { values, positionals } = parseFlags(argv);
  const [command, ...extra] = positionals;
  if (extra.length > 0 || (command !== undefined && command !== "sandbox")) {
    fail(`Unknown argument '${positionals.join(" ")}'. Run bookingtime-mcp --help for usage.`);
  }
  // --help and --version must work even when the environment is broken.
  if (values.help || values.version) {
    return toConfig(values.help ? "help" : "version", false, 4010, envSchema.parse({}), {
      readOnly: false,
      toolsets: undefined,
    });
  }
  const parsed = envSchema.safeParse({
    // An empty variable (VAR= in a client config) means "not set".
    ...Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")),
    ...(values["log-level"] !== undefined ? { LOG_LEVEL: values["log-level"] } : {}),
  });
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => describeIssue(issue, values)).join("\n"));
  }
  const e = parsed.data;
  const sandboxPort = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(sandboxPort) || sandboxPort < 0 || sandboxPort > 65535) {
    fail("--port must be a port number between 0 and 65535");
  }
  const mode = command === "sandbox" ? "sandbox-only" : "serve";
  const sandbox = values.sandbox === true;
  if (mode === "serve" && !sandbox && !e.BOOKINGTIME_CLIENT_ID) {
    fail(
      "BOOKINGTIME_CLIENT_ID is not set. Set it to your bookingtime app's client id " +
        "(and BOOKINGTIME_CLIENT_SECRET to its secret), or start with --sandbox to try the demo organization.",
    );
  }
  return toConfig(mode, sandbox, sandboxPort, e, {
    readOnly: values["read-only"] === true || e.BOOKINGTIME_READ_ONLY,
    toolsets: parseToolsets(values.toolsets, e.BOOKINGTIME_TOOLSETS),
  });
}

/** A comma list of known groups; an unknown name stops the server rather than hiding tools silently. */
export function parseToolsets(
  flag: string | undefined,
  variable: string | undefined,
): readonly Toolset[] | undefined {
  const source = flag !== undefined ? "--toolsets" : "BOOKINGTIME_TOOLSETS";
  const raw = flag ?? variable;
  if (raw === undefined) return undefined;
  const names = raw
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  const valid = `Valid toolsets: ${TOOLSETS.join(", ")}.`;
  if (names.length === 0) fail(`${source} names no toolset. ${valid}`);
  const unknown = names.filter((name) => !(TOOLSETS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    // Echoing the names is safe: they were checked against nothing secret and are short.
    fail(
      `${source}: unknown toolset ${unknown.map((n) => `'${n.slice(0, 40)}'`).join(", ")}. ${valid}`,
    );
  }
  return [...new Set(names as Toolset[])];
}

function toConfig(
  mode: Config["mode"],
  sandbox: boolean,
  sandboxPort: number,
  e: z.output<typeof envSchema>,
  tools: { readOnly: boolean; toolsets: readonly Toolset[] | undefined },
): Config {
  return Object.freeze({
    mode,
    sandbox,
    sandboxPort,
    clientId: e.BOOKINGTIME_CLIENT_ID ?? "",
    clientSecret: e.BOOKINGTIME_CLIENT_SECRET,
    organizationId: e.BOOKINGTIME_ORGANIZATION_ID,
    apiUrl: e.BOOKINGTIME_API_URL,
    authUrl: e.BOOKINGTIME_AUTH_URL,
    locale: e.BOOKINGTIME_LOCALE,
    timeoutMs: e.BOOKINGTIME_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    readOnly: tools.readOnly,
    toolsets: tools.toolsets === undefined ? undefined : Object.freeze([...tools.toolsets]),
  });
}

function describeIssue(
  issue: z.core.$ZodIssue,
  flags: { "log-level"?: string | undefined },
): string {
  const variable = String(issue.path[0] ?? "configuration");
  const source =
    variable === "LOG_LEVEL" && flags["log-level"] !== undefined ? "--log-level" : variable;
  // Messages never echo the value: it may be a secret pasted into the wrong variable.
  return issue.message.startsWith(variable)
    ? issue.message.replace(variable, source)
    : `${source}: ${issue.message}`;
}
