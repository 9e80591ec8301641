import {
  createServer as createNodeServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Policy } from "../access/policy.js";
import { callerScope } from "../audit/caller.js";
import type { Logger } from "../logger.js";
import type { ServerDeps } from "../server.js";
import { AccessPools } from "./access-pools.js";
import { admit, type Gate, refuse } from "./admission.js";
import type { BearerAuth } from "./auth.js";
import { ConnectionGuard } from "./connections.js";
import { InFlightRequests } from "./drain.js";
import { HostGuard } from "./guard.js";
import { isHealthPath, serveHealth } from "./health.js";
import { cancelOwner, InFlightCalls } from "./in-flight-calls.js";
import { listen } from "./listen.js";
import { McpAnswerer } from "./mcp-answer.js";
import { readMessage } from "./mcp-message.js";
import { type Readiness, ReadinessProbe } from "./readiness.js";
import { isMetadataPath, type ResourceServer, sendMetadata } from "./resource-server.js";
import { RPC, sendRpcError } from "./respond.js";
import { AuthThrottle } from "./throttle.js";
import { refuseToolCall } from "./tool-gate.js";

export const MCP_PATH = "/mcp";
export { ORGANIZATION_HEADER } from "./admission.js";

export type { Readiness };

/** Longer than the 60 s idle timeout of common load balancers, so they never reuse a socket we just closed. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** A client that has not sent its request headers by then is cut: half-open floods hold nothing long. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** The whole request (headers and a body of at most 1 MB) must have arrived by then. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface HttpServerOptions {
  host: string;
  port: number;
  /** undefined: --insecure-no-auth (the caller allows that only on loopback). */
  auth: BearerAuth | undefined;
  /** OAuth resource-server mode (BOOKINGTIME_MCP_OAUTH_ISSUER), beside or instead of `auth`. */
  resourceServer?: ResourceServer | undefined;
  /** BOOKINGTIME_MCP_POLICY_FILE: per-caller organizations, read-only and toolsets. */
  policy?: Policy | undefined;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  /** Shared by every request; the organization may be overridden per request by header. */
  deps: ServerDeps;
  readiness: Readiness;
  /** A request still unanswered after this long gets a 504 (or its stream is cut). */
  requestTimeoutMs: number;
  /** Open connections at most (BOOKINGTIME_MCP_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** /mcp requests answered at once at most; more get 503 (BOOKINGTIME_MCP_MAX_REQUESTS). */
  maxRequests?: number;
  logger: Logger;
}

export interface HttpServer {
  readonly port: number;
  readonly url: string;
  /**
   * Stops accepting, lets requests in flight finish for at most `graceMs`, then closes every
   * connection. Resolves to the number of requests that had to be cut off.
   */
  drain(graceMs: number): Promise<number>;
  /** /readyz's rate-limited view of the token grant; also started once at boot. */
  readonly readiness: ReadinessProbe;
}

/**
 * Stateless MCP Streamable HTTP: the listener and the routing. Health answers in health.ts,
 * admission in admission.ts, the body in mcp-message.ts, the MCP answer in mcp-answer.ts and the
 * stop in drain.ts.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const { logger } = opts;
  const maxRequests = opts.maxRequests ?? 256;
  let gate: Gate | undefined;
  let mcpInFlight = 0;
  const requests = new InFlightRequests();
  const probe = new ReadinessProbe(opts.readiness, logger);
  // Servers for the default organization, reused across requests on the one-shot path, one
  // pool per narrowed configuration (scopes, policy).
  const pools = new AccessPools(opts.deps);
  const answerer = new McpAnswerer(pools, opts.requestTimeoutMs, logger, new InFlightCalls());
  const rs = opts.resourceServer;

  const server = createNodeServer(
    {
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      // How often those timeouts are checked; Node's default (30 s) would let half-open sockets pile up.
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => handle(req, res, false),
  );
  const connections = new ConnectionGuard(server, opts.maxConnections ?? 1_000, logger);
  // A client sending `Expect: 100-continue` waits for our go before its body: it gets the go only
  // once the checks a body cannot change have passed, so a refusal reaches it before it uploads.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));

  function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const fields: Record<string, unknown> = {};
    connections.busy(req.socket);
    res.once("finish", () => connections.rested(req.socket));
    requests.track(res);
    res.once("close", () => {
      // A client that hung up never saw the status we were about to send: nginx's 499.
      const aborted = !res.writableFinished;
      logger.info(
        {
          method: req.method,
          path,
          status: aborted && !res.headersSent ? 499 : res.statusCode,
          ...(aborted ? { aborted: true } : {}),
          ms: Math.round(performance.now() - started),
          ...fields,
        },
        "http request",
      );
    });
    route(req, res, path, fields, expectsContinue).catch((error: unknown) => {
      logger.error({ err: error, path }, "http request failed");
      sendRpcError(res, 500, RPC.serverError, "Internal server error.");
    });
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    fields: Record<string, unknown>,
    expectsContinue: boolean,
  ): Promise<void> {
    if (rs && isMetadataPath(path, rs.resource)) return sendMetadata(res, req.method, rs);
    if (isHealthPath(path)) return serveHealth(req, res, path, probe, requests.draining);
    if (path !== MCP_PATH) {
      return sendRpcError(res, 404, RPC.invalidRequest, `Not found: MCP is served at ${MCP_PATH}.`);
    }
    if (!gate) return sendRpcError(res, 503, RPC.serverError, "Starting; try again.");
    const admitted = await admit(req, res, gate);
    if (!admitted) return;
    const { caller } = admitted.access;
    // Who, never with what: the token itself is in no log line.
    fields.caller = caller.id;
    if (caller.clientId) fields.clientId = caller.clientId;
    if (mcpInFlight >= maxRequests) {
      return refuse(
        res,
        503,
        RPC.serverError,
        "Too many requests in progress; try again in a moment.",
        { "retry-after": "1" },
      );
    }
    mcpInFlight++;
    res.once("close", () => {
      mcpInFlight--;
    });
    if (expectsContinue) res.writeContinue();
    const read = await readMessage(req, res, fields);
    if (!read) return;
    const { message } = read;
    const deps = pools.depsFor(admitted.access);
    if (refuseToolCall(res, message, admitted.access, opts.deps, deps, admitted.organization, rs)) {
      return;
    }
    const owner = cancelOwner(req, caller);
    await callerScope.run(caller, () =>
      answerer.answer(req, res, message, admitted.organization, deps, owner),
    );
  }

  await listen(server, opts.host, opts.port);
  const { port } = server.address() as AddressInfo;
  gate = {
    guard: new HostGuard({ ...opts, port }),
    credentials: {
      auth: opts.auth,
      resourceServer: rs,
      policy: opts.policy,
      throttle: new AuthThrottle(),
      logger,
    },
  };
  const urlHost = opts.host.includes(":") ? `[${opts.host}]` : opts.host;

  return {
    port,
    url: `http://${urlHost}:${port}${MCP_PATH}`,
    drain: (graceMs) => requests.drain(server, graceMs),
    readiness: probe,
  };
}
