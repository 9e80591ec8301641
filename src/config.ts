import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { splitNamedToken } from "./access/named-token.js";
import { ORGANIZATION_ID_PATTERN } from "./bookingtime/ids.js";
import { tokenProblem } from "./config-checks.js";
import { TOOLSETS, type Toolset } from "./tools/define.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

const EMULATOR_SHAPES = ["default", "sdk"] as const;

export type EmulatorShapes = (typeof EMULATOR_SHAPES)[number];

export interface Config {
  readonly mode: "serve" | "sandbox-only" | "doctor" | "help" | "version";
  readonly sandbox: boolean;
  readonly sandboxPort: number;
  /** Response shapes of the emulator (--sandbox, sandbox command): "default" or "sdk". */
  readonly emulatorShapes: EmulatorShapes;
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
  /** Destructive tools act only on a person's yes through elicitation; confirm: true is not enough. */
  readonly requireHumanConfirmation: boolean;
  /** When set, every other organization is refused before any request. */
  readonly allowedOrganizations: readonly string[] | undefined;
  /** Only these tool groups are registered; undefined means all. */
  readonly toolsets: readonly Toolset[] | undefined;
  /** Set with --http: serve MCP Streamable HTTP instead of stdio. */
  readonly http: HttpConfig | undefined;
  /** BOOKINGTIME_MCP_AUDIT_FILE: write attempts as JSON lines; stderr when unset. */
  readonly auditFile?: string | undefined;
  /** Present in doctor mode only. */
  readonly doctor?: DoctorConfig;
}

export interface DoctorConfig {
  readonly organizationId: string;
  /** --record DIR: where each response is saved, masked. */
  readonly recordDir: string | undefined;
}

export interface HttpConfig {
  readonly port: number;
  readonly host: string;
  /** Accepted bearer tokens (several during a rotation); empty: one is generated at start. */
  readonly tokens: readonly string[];
  /** Where a generated token is written (mode 0600). */
  readonly tokenFile: string;
  readonly insecureNoAuth: boolean;
  /** Host header values accepted besides the bind address ("name" or "name:port"), lower case. */
  readonly allowedHosts: readonly string[];
  /** Browser origins accepted besides the server's own, as URL origins. */
  readonly allowedOrigins: readonly string[];
  /** Open connections at most; near it, the longest idle ones make room for new ones. */
  readonly maxConnections: number;
  /** /mcp requests being answered at once at most; more get 503 with Retry-After. */
  readonly maxRequests: number;
  /** OAuth resource-server mode: the authorization server's issuer and this server's /mcp URL. */
  readonly oauth?: { readonly issuer: string; readonly resource: string } | undefined;
  /** BOOKINGTIME_MCP_POLICY_FILE: per-caller organizations, read-only and toolsets. */
  readonly policyFile?: string | undefined;
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

/** A yes/no variable: true, false, 1 or 0 in any case; unset is false. */
const envFlag = (name: string) =>
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

/** A comma-separated variable; every item must match `pattern` (tested after lower-casing if asked). */
const commaList = (name: string, pattern: RegExp, what: string, lowerCase = false) =>
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

const count = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number from ${min} to ${max}` })
    .int({ error: `${name} must be a whole number from ${min} to ${max}` })
    .min(min, { error: `${name} must be a whole number from ${min} to ${max}` })
    .max(max, { error: `${name} must be a whole number from ${min} to ${max}` })
    .default(fallback);

/** https, or http on a loopback host (a local authorization server, tests). */
const secureUrl = (name: string) =>
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

/** Read only with --http; kept apart so that stdio mode ignores a stray PORT or HOST. */
const httpEnvSchema = z.object({
  PORT: z.coerce
    .number({ error: "PORT must be a port number between 0 and 65535" })
    .int({ error: "PORT must be a port number between 0 and 65535" })
    .min(0, { error: "PORT must be a port number between 0 and 65535" })
    .max(65535, { error: "PORT must be a port number between 0 and 65535" })
    .default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  BOOKINGTIME_MCP_TOKENS: commaList(
    "BOOKINGTIME_MCP_TOKENS",
    /^[\x21-\x2b\x2d-\x7e]{1,512}$/,
    "tokens (printable characters, no spaces)",
  ).default([]),
  BOOKINGTIME_MCP_TOKEN_FILE: z.string().trim().min(1).optional(),
  BOOKINGTIME_MCP_ALLOWED_HOSTS: commaList(
    "BOOKINGTIME_MCP_ALLOWED_HOSTS",
    /^([a-z0-9_.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/,
    "host names, optionally with a port (mcp.example.com, mcp.example.com:8443)",
    true,
  ).default([]),
  BOOKINGTIME_MCP_ALLOWED_ORIGINS: commaList(
    "BOOKINGTIME_MCP_ALLOWED_ORIGINS",
    /^https?:\/\/([a-z0-9_.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i,
    "origins (https://app.example.com)",
  )
    .refine((origins) => origins.every((o) => URL.canParse(o)), {
      message: "BOOKINGTIME_MCP_ALLOWED_ORIGINS must be a comma-separated list of origins",
    })
    .transform((origins) => origins.map((o) => new URL(o).origin))
    .default([]),
  BOOKINGTIME_MCP_MAX_CONNECTIONS: count("BOOKINGTIME_MCP_MAX_CONNECTIONS", 16, 1_000_000, 1_000),
  BOOKINGTIME_MCP_MAX_REQUESTS: count("BOOKINGTIME_MCP_MAX_REQUESTS", 1, 100_000, 256),
  BOOKINGTIME_MCP_OAUTH_ISSUER: secureUrl("BOOKINGTIME_MCP_OAUTH_ISSUER").optional(),
  BOOKINGTIME_MCP_RESOURCE_URL: secureUrl("BOOKINGTIME_MCP_RESOURCE_URL").optional(),
  BOOKINGTIME_MCP_POLICY_FILE: z.string().trim().min(1).optional(),
});

export const HELP = `bookingtime-mcp: an MCP server for the bookingtime appointment API.

Usage:
  bookingtime-mcp [--sandbox] [--read-only] [--toolsets LIST] [--log-level LEVEL]
                                                    serve MCP over stdin/stdout
  bookingtime-mcp --http [--port N] [--host H] [--insecure-no-auth] [--sandbox] [...]
                                                    serve MCP Streamable HTTP at POST /mcp
  bookingtime-mcp sandbox [--port N] [--emulator-shapes sdk]
                                                    run only the bookingtime emulator
  bookingtime-mcp doctor [--record DIR]             check the credentials and every read a booking
                                                    needs, one line per step; --record saves the
                                                    answers (tokens removed, personal data masked)
  bookingtime-mcp --help | --version

Flags:
  --sandbox          use the embedded bookingtime emulator with demo data (no credentials needed)
  --read-only        offer no tool that changes data (overrides BOOKINGTIME_READ_ONLY)
  --toolsets LIST    only these tool groups, comma-separated: ${TOOLSETS.join(", ")}
                     (overrides BOOKINGTIME_TOOLSETS)
  --log-level LEVEL  ${LOG_LEVELS.join(" | ")} (overrides LOG_LEVEL)
  --http             remote mode: stateless MCP over HTTP, bearer tokens, /healthz and /readyz
  --port N           with --http: listen port (overrides PORT, default 3000);
                     with sandbox: port of the standalone emulator (default 4010)
  --host H           with --http: bind address (overrides HOST, default 127.0.0.1)
  --insecure-no-auth with --http on a loopback address only, and not with BOOKINGTIME_MCP_TOKENS:
                     accept requests without a token
  --emulator-shapes S
                     with --sandbox or sandbox: default | sdk (sdk: the emulator answers in the
                     shapes of bookingtime's SDK mocks: DateTime objects, 400 for client errors)

Environment:
  BOOKINGTIME_CLIENT_ID        app client id (required unless --sandbox)
  BOOKINGTIME_CLIENT_SECRET    app client secret (may be empty for module-style apps)
  BOOKINGTIME_ORGANIZATION_ID  organization used when a tool call names none (required by doctor)
  BOOKINGTIME_API_URL          default https://api.bookingtime.com/app/v3
  BOOKINGTIME_AUTH_URL         default https://auth.bookingtime.com/oauth/token
  BOOKINGTIME_LOCALE           language of API messages, default en
  BOOKINGTIME_TIMEOUT_MS       per-request timeout, default 15000
  BOOKINGTIME_READ_ONLY        true/1: write tools are not offered (true, false, 1, 0, any case), default false
  BOOKINGTIME_SANDBOX          true/1: the same as --sandbox, default false
  BOOKINGTIME_TOOLSETS         comma list of ${TOOLSETS.join(", ")}; default all
  BOOKINGTIME_ALLOWED_ORGANIZATIONS
                               comma list of organization ids; any other is refused before any request
  BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION
                               true/1: move, cancel and update act only after a person confirms in the
                               client (elicitation); confirm: true from the model is not enough
  LOG_LEVEL                    default info; logs go to stderr only

Remote mode (--http) only:
  PORT, HOST                       listen port and bind address (see --port, --host)
  BOOKINGTIME_MCP_TOKENS           accepted bearer tokens, comma-separated (rotation); when unset a
                                   token is generated and written to BOOKINGTIME_MCP_TOKEN_FILE
  BOOKINGTIME_MCP_TOKEN_FILE       default $XDG_STATE_HOME/bookingtime-mcp/mcp-token
                                   (~/.local/state/bookingtime-mcp/mcp-token)
  BOOKINGTIME_MCP_ALLOWED_HOSTS    Host header values accepted besides the loopback bind address;
                                   required for a non-loopback --host (mcp.example.com)
  BOOKINGTIME_MCP_ALLOWED_ORIGINS  browser origins allowed to call /mcp (https://app.example.com)
  BOOKINGTIME_MCP_MAX_CONNECTIONS  open connections at most, default 1000
  BOOKINGTIME_MCP_MAX_REQUESTS     /mcp requests answered at once at most (more get 503), default 256
  BOOKINGTIME_MCP_OAUTH_ISSUER     OAuth: your identity provider's issuer URL; /mcp then accepts its
                                   access tokens (scopes bookingtime:read, :write, :cancel)
  BOOKINGTIME_MCP_RESOURCE_URL     OAuth: this server's public /mcp URL, the audience of the tokens
  BOOKINGTIME_MCP_POLICY_FILE      JSON file: organizations, readOnly, toolsets per subject, group
                                   or token name (name:token in BOOKINGTIME_MCP_TOKENS)

Both modes:
  BOOKINGTIME_MCP_AUDIT_FILE       every write attempt as a JSON line (append-only, mode 0600);
                                   default: the log on stderr
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
        http: { type: "boolean" },
        host: { type: "string" },
        "insecure-no-auth": { type: "boolean" },
        record: { type: "string" },
        "emulator-shapes": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    // Node's own text for an unknown flag talks about positional arguments after `--`.
    const flag = /'(-[^']*)'/.exec((error as Error).message)?.[1];
    const what =
      (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag
        ? `Unknown option '${flag.slice(0, 40)}'`
        : (error as Error).message;
    return fail(`${what}. Run bookingtime-mcp --help for the flags.`);
  }
}

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

/** `doctor` checks real credentials, so it needs the app and the organization to check. */
function doctorConfig(
  values: { record?: string | undefined; "log-level"?: string | undefined },
  e: z.output<typeof envSchema>,
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

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;

/** True for addresses only this machine can reach; anything else needs an allowed-hosts list. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

function httpConfig(
  env: Record<string, string | undefined>,
  flags: { port: number | undefined; host: string | undefined; insecureNoAuth: boolean },
): HttpConfig {
  const parsed = httpEnvSchema.safeParse(env);
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => describeIssue(issue, {})).join("\n"));
  }
  const h = parsed.data;
  // [::1] is how an IPv6 address is written in a URL; listen() wants it bare.
  const host = (flags.host ?? h.HOST).trim().replace(/^\[(.*)\]$/, "$1");
  if (host === "") fail("--host must not be empty");
  const source = flags.host !== undefined ? "--host" : "HOST";
  if (flags.insecureNoAuth && h.BOOKINGTIME_MCP_TOKENS.length > 0) {
    fail(
      "--insecure-no-auth and BOOKINGTIME_MCP_TOKENS contradict each other: drop the flag to require the tokens, or unset BOOKINGTIME_MCP_TOKENS to run without authentication.",
    );
  }
  const issuer = h.BOOKINGTIME_MCP_OAUTH_ISSUER;
  const resource = h.BOOKINGTIME_MCP_RESOURCE_URL;
  if ((issuer === undefined) !== (resource === undefined)) {
    fail(
      "BOOKINGTIME_MCP_OAUTH_ISSUER and BOOKINGTIME_MCP_RESOURCE_URL go together: set both (the identity provider's issuer, and this server's public /mcp URL), or neither.",
    );
  }
  if (flags.insecureNoAuth && issuer !== undefined) {
    fail(
      "--insecure-no-auth and BOOKINGTIME_MCP_OAUTH_ISSUER contradict each other: drop the flag to require OAuth tokens.",
    );
  }
  if (flags.insecureNoAuth && !isLoopback(host)) {
    fail(
      `--insecure-no-auth is accepted only with a loopback bind (127.0.0.1, localhost, ::1), not with ${source} ${host}. Set BOOKINGTIME_MCP_TOKENS instead.`,
    );
  }
  const tokenProblems = h.BOOKINGTIME_MCP_TOKENS.flatMap(
    (entry, i) => tokenProblem(splitNamedToken(entry).token, i + 1) ?? [],
  );
  if (tokenProblems.length > 0) fail(tokenProblems.join("\n"));
  if (!isLoopback(host) && h.BOOKINGTIME_MCP_ALLOWED_HOSTS.length === 0) {
    fail(
      `${source} ${host} is reachable from other machines, so the Host header must be checked: set BOOKINGTIME_MCP_ALLOWED_HOSTS to the host names clients use (for example mcp.example.com), or bind to 127.0.0.1.`,
    );
  }
  const stateHome = env.XDG_STATE_HOME ?? join(env.HOME ?? homedir(), ".local", "state");
  return Object.freeze({
    port: flags.port ?? h.PORT,
    host,
    tokens: Object.freeze(h.BOOKINGTIME_MCP_TOKENS),
    tokenFile: h.BOOKINGTIME_MCP_TOKEN_FILE ?? join(stateHome, "bookingtime-mcp", "mcp-token"),
    insecureNoAuth: flags.insecureNoAuth,
    allowedHosts: Object.freeze(h.BOOKINGTIME_MCP_ALLOWED_HOSTS),
    allowedOrigins: Object.freeze(h.BOOKINGTIME_MCP_ALLOWED_ORIGINS),
    maxConnections: h.BOOKINGTIME_MCP_MAX_CONNECTIONS,
    maxRequests: h.BOOKINGTIME_MCP_MAX_REQUESTS,
    // Absent rather than undefined when unset: the configuration reads the same as before them.
    ...(issuer && resource ? { oauth: Object.freeze({ issuer, resource }) } : {}),
    ...(h.BOOKINGTIME_MCP_POLICY_FILE ? { policyFile: h.BOOKINGTIME_MCP_POLICY_FILE } : {}),
  });
}

function parseEmulatorShapes(flag: string | undefined, emulator: boolean): EmulatorShapes {
  if (flag === undefined) return "default";
  if (!emulator) fail("--emulator-shapes only applies to the emulator: add --sandbox.");
  const shapes = EMULATOR_SHAPES.find((s) => s === flag);
  return shapes ?? fail(`--emulator-shapes must be one of ${EMULATOR_SHAPES.join(", ")}.`);
}

function toConfig(
  mode: Config["mode"],
  sandbox: boolean,
  sandboxPort: number,
  e: z.output<typeof envSchema>,
  tools: { readOnly: boolean; toolsets: readonly Toolset[] | undefined },
  http: HttpConfig | undefined,
): Config {
  return Object.freeze({
    mode,
    sandbox,
    sandboxPort,
    emulatorShapes: "default",
    clientId: e.BOOKINGTIME_CLIENT_ID ?? "",
    clientSecret: e.BOOKINGTIME_CLIENT_SECRET,
    organizationId: e.BOOKINGTIME_ORGANIZATION_ID,
    apiUrl: e.BOOKINGTIME_API_URL,
    authUrl: e.BOOKINGTIME_AUTH_URL,
    locale: e.BOOKINGTIME_LOCALE,
    timeoutMs: e.BOOKINGTIME_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    readOnly: tools.readOnly,
    requireHumanConfirmation: e.BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION,
    allowedOrganizations:
      e.BOOKINGTIME_ALLOWED_ORGANIZATIONS === undefined
        ? undefined
        : Object.freeze([...e.BOOKINGTIME_ALLOWED_ORGANIZATIONS]),
    toolsets: tools.toolsets === undefined ? undefined : Object.freeze([...tools.toolsets]),
    http,
    ...(e.BOOKINGTIME_MCP_AUDIT_FILE ? { auditFile: e.BOOKINGTIME_MCP_AUDIT_FILE } : {}),
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
