// What the rest of the process reads of the configuration: its shape and its error. Parsing
// (flags, env, validation) stays at the entry, in src/config/; everything below imports this.
import type { Toolset } from "../toolsets.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export const EMULATOR_SHAPES = ["default", "sdk"] as const;

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
  /** BOOKINGTIME_APP_ID: the organizations the app is installed in feed list_organizations. */
  readonly appId?: string | undefined;
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
