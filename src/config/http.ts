import { homedir } from "node:os";
import { join } from "node:path";
import { splitNamedToken } from "../access/named-token.js";
import { isLoopback } from "../settings/loopback.js";
import type { HttpConfig } from "../settings/types.js";
import { tokenProblem } from "./checks.js";
import { fail } from "./fail.js";
import { httpEnvSchema } from "./http-env-schema.js";
import { describeIssue } from "./issues.js";

/** Remote mode (--http): listener, bearer tokens, OAuth and host checks, read only with --http. */
export function httpConfig(
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
