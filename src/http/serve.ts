import { loadPolicy } from "../access/policy.js";
import type { Logger } from "../logger.js";
import type { ServerDeps } from "../server.js";
import type { HttpConfig } from "../settings/types.js";
import type { WritesInFlight } from "../tools/support/writes-in-flight.js";
import { BearerAuth, writeGeneratedToken } from "./auth.js";
import type { ResourceServer } from "./resource-server.js";
import { type HttpServer, type Readiness, startHttpServer } from "./server.js";

/** How long in-flight requests may run on after SIGTERM/SIGINT. */
export const DRAIN_GRACE_MS = 10_000;

/**
 * The stop of remote mode: requests in flight get `graceMs`; those cut then are logged, the
 * writes among them audited as "unknown" (they may have reached bookingtime), and their upstream
 * calls aborted, which would otherwise keep the pool's close() waiting until the forced exit.
 */
export async function stopServing(
  http: Pick<HttpServer, "drain">,
  /** Aborts upstream requests still running (the runtime's); its writes in flight are audited. */
  runtime: { destroy(): Promise<void>; writes: WritesInFlight },
  logger: Logger,
  graceMs = DRAIN_GRACE_MS,
): Promise<number> {
  const cut = await http.drain(graceMs);
  if (cut > 0) {
    const writes = runtime.writes.auditCut();
    logger.warn({ requests: cut, writes }, "requests still running at the deadline were cut");
    await runtime.destroy();
  }
  return cut;
}

/**
 * Remote mode: resolves the access policy (configured or generated tokens, or none on loopback)
 * and starts listening. A tool call may need a grant, an exchange and a retried request, so the
 * per-request deadline is a few upstream timeouts.
 */
export async function serveHttp(
  config: HttpConfig,
  deps: ServerDeps,
  readiness: Readiness,
  upstreamTimeoutMs: number,
  logger: Logger,
): Promise<HttpServer> {
  let auth: BearerAuth | undefined;
  if (config.insecureNoAuth) {
    logger.warn(
      { host: config.host },
      "--insecure-no-auth: /mcp accepts requests WITHOUT a bearer token (loopback bind only)",
    );
  } else if (config.tokens.length > 0) {
    // Short and example tokens were refused with the configuration (src/config/checks.ts).
    auth = new BearerAuth(config.tokens, deps.secrets);
  } else if (!config.oauth) {
    auth = new BearerAuth([await writeGeneratedToken(config.tokenFile)], deps.secrets);
    // The path only: the token itself never goes to a log.
    logger.warn(
      { tokenFile: config.tokenFile },
      `BOOKINGTIME_MCP_TOKENS is not set: generated a bearer token for this run; read it from ${config.tokenFile}`,
    );
  }
  let resourceServer: ResourceServer | undefined;
  if (config.oauth) {
    // jose is loaded only when OAuth is on: static-token start-up does not parse it.
    const { OAuthVerifier } = await import("./oauth.js");
    const verifier = new OAuthVerifier({ ...config.oauth, logger });
    verifier.warm();
    resourceServer = { ...config.oauth, verifier };
  }
  const http = await startHttpServer({
    host: config.host,
    port: config.port,
    auth,
    resourceServer,
    policy: config.policyFile ? loadPolicy(config.policyFile) : undefined,
    allowedHosts: config.allowedHosts,
    allowedOrigins: config.allowedOrigins,
    deps,
    readiness,
    requestTimeoutMs: upstreamTimeoutMs * 4,
    maxConnections: config.maxConnections,
    maxRequests: config.maxRequests,
    logger,
  });
  logger.info(
    {
      url: http.url,
      host: config.host,
      port: http.port,
      auth:
        [auth ? "bearer" : undefined, resourceServer ? "oauth" : undefined]
          .filter(Boolean)
          .join("+") || "none",
      ...(resourceServer
        ? { issuer: resourceServer.issuer, resource: resourceServer.resource }
        : {}),
    },
    `bookingtime-mcp listening on ${http.url}`,
  );
  // Readiness should not wait for the first tool call or probe: try the grant now.
  http.readiness.poke();
  return http;
}
