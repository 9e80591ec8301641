import type { Config, HttpConfig } from "../settings/types.js";
import type { Toolset } from "../toolsets.js";
import type { Env } from "./env-schema.js";

/** The frozen Config from parsed variables and what the mode decided. */
export function toConfig(
  mode: Config["mode"],
  sandbox: boolean,
  sandboxPort: number,
  e: Env,
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
    ...(e.BOOKINGTIME_APP_ID ? { appId: e.BOOKINGTIME_APP_ID } : {}),
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
