import {
  createServer as createNodeServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { callerScope } from "../access/caller.js";
import type { Policy } from "../access/policy.js";
import type { Logger } from "../logger.js";
import { createServer, type ServerDeps } from "../server.js";
import { AccessPools } from "./access-pools.js";
import { admit, type Gate, refuse } from "./admission.js";
import type { BearerAuth } from "./auth.js";
import { BodyTooLarge, describeRpc, MAX_BODY_BYTES, readBody } from "./body.js";
import { ConnectionGuard } from "./connections.js";
import { HostGuard } from "./guard.js";
import { invalidParams } from "./invalid-params.js";
import { listen } from "./listen.js";
import { connectOneShot, oneShotRequest } from "./one-shot.js";
import { type Readiness, ReadinessProbe } from "./readiness.js";
import { isMetadataPath, type ResourceServer, sendMetadata } from "./resource-server.js";
import { RPC, sendJson, sendRpcError } from "./respond.js";
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

/** The revision that removed JSON-RPC batching from MCP; dates compare as strings. */
const NO_BATCH_SINCE = "2025-06-18";

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
 * Stateless MCP Streamable HTTP. A single request answers through a pooled McpServer and a
 * one-shot JSON transport; everything else gets a fresh McpServer and the SDK transport.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const { logger } = opts;
  const maxRequests = opts.maxRequests ?? 256;
  let gate: Gate | undefined;
  let inFlight = 0;
  let mcpInFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;
  const active = new Set<ServerResponse>();
  const probe = new ReadinessProbe(opts.readiness, logger);
  // Servers for the default organization, reused across requests on the one-shot path, one
  // pool per narrowed configuration (scopes, policy).
  const pools = new AccessPools(opts.deps);
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
    inFlight++;
    active.add(res);
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      inFlight--;
      active.delete(res);
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
      if (inFlight === 0) idle?.();
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
    if (path === "/healthz" || path === "/readyz") {
      // HEAD is answered like GET; Node leaves the body out by itself.
      if (req.method !== "GET" && req.method !== "HEAD") {
        return sendJson(res, 405, { status: "method not allowed" }, { allow: "GET, HEAD" });
      }
      return path === "/healthz" ? sendJson(res, 200, { status: "ok" }) : readyz(res);
    }
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
    let message: unknown;
    try {
      message = JSON.parse((await readBody(req)).toString("utf8"));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return refuse(
          res,
          413,
          RPC.invalidRequest,
          `Request body too large: at most ${MAX_BODY_BYTES} bytes.`,
        );
      }
      return sendRpcError(res, 400, RPC.parseError, "Parse error: the body is not valid JSON.");
    }
    Object.assign(fields, describeRpc(message));
    const version = req.headers["mcp-protocol-version"];
    if (Array.isArray(message) && typeof version === "string" && version >= NO_BATCH_SINCE) {
      // The SDK transport still accepts batches whatever the version; the spec no longer does.
      return sendRpcError(
        res,
        400,
        RPC.invalidRequest,
        `Invalid Request: JSON-RPC batches are not part of MCP ${version}; send one message per request.`,
      );
    }
    if (!Array.isArray(message) && !JSONRPCMessageSchema.safeParse(message).success) {
      // Not a message the server could answer (an extra key, params not an object, an id that is
      // not a safe integer): refused here, before any server is built for it.
      return sendRpcError(
        res,
        400,
        RPC.invalidRequest,
        "Invalid Request: the body is not a JSON-RPC 2.0 message (check jsonrpc, id, method, params).",
      );
    }
    const badParams = invalidParams(message);
    if (badParams && !Array.isArray(message) && "id" in (message as object)) {
      const { id } = message as { id: unknown };
      return sendJson(res, 200, {
        jsonrpc: "2.0",
        id,
        error: { code: -32602, message: badParams },
      });
    }
    const deps = pools.depsFor(admitted.access);
    if (refuseToolCall(res, message, admitted.access, opts.deps, deps, admitted.organization, rs)) {
      return;
    }
    await callerScope.run(caller, () => serveMcp(req, res, message, admitted.organization, deps));
  }

  /** The server's dependencies, with the organization an X-Bookingtime-Organization header picked. */
  function depsFor(base: ServerDeps, organizationId: string | undefined): ServerDeps {
    if (organizationId === undefined) return base;
    return {
      ...base,
      defaultOrganizationId: organizationId,
      defaultOrganizationSource: "this request's X-Bookingtime-Organization header",
    };
  }

  async function serveMcp(
    req: IncomingMessage,
    res: ServerResponse,
    message: unknown,
    organizationId: string | undefined,
    deps: ServerDeps,
  ): Promise<void> {
    const oneShot = oneShotRequest(req, message);
    if (oneShot) return serveOneShot(res, oneShot.id, oneShot.message, organizationId, deps);
    const mcp = createServer(depsFor(deps, organizationId));
    // JSON responses: one request, one answer, which proxies and load balancers handle best.
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const deadline = armDeadline(res);
    res.once("close", () => {
      clearTimeout(deadline);
      // After a 504 the tool may still be running: its late answer then goes nowhere.
      mcp.close().catch((error: unknown) => logger.debug({ err: error }, "closing MCP server"));
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, message);
  }

  /** Answers 504 once the request deadline passes (or cuts a response already under way). */
  function armDeadline(res: ServerResponse): NodeJS.Timeout {
    return setTimeout(() => {
      logger.warn({ ms: opts.requestTimeoutMs }, "request deadline passed; answering 504");
      if (res.headersSent) res.destroy();
      else {
        sendRpcError(
          res,
          504,
          RPC.serverError,
          "The request took too long; bookingtime may be slow. Try again.",
        );
      }
    }, opts.requestTimeoutMs);
  }

  /**
   * The hot path: a single stateless request answered as JSON by a pooled server, with the same
   * deadline as the SDK path. A server goes back to the pool only after a normal answer.
   */
  async function serveOneShot(
    res: ServerResponse,
    id: RequestId,
    message: JSONRPCMessage,
    organizationId: string | undefined,
    deps: ServerDeps,
  ): Promise<void> {
    const pool = organizationId === undefined ? pools.poolFor(deps) : undefined;
    const entry = pool
      ? await pool.take()
      : await connectOneShot(createServer(depsFor(deps, organizationId)));
    const deadline = armDeadline(res);
    res.once("close", () => {
      clearTimeout(deadline);
      // After a 504 (or a client that left) the tool may still be running: closing aborts it.
      if (entry.transport.awaits(res)) void entry.server.close();
    });
    const answered = await entry.transport.carry(res, id, message);
    clearTimeout(deadline);
    if (answered && pool) pool.give(entry);
    else if (answered) await entry.server.close();
  }

  function readyz(res: ServerResponse): void {
    if (draining) {
      sendJson(res, 503, { status: "shutting down" });
      return;
    }
    if (probe.ready) {
      sendJson(res, 200, { status: "ready" });
      return;
    }
    // Probes retry the grant (rate-limited), so readiness recovers without traffic.
    probe.poke();
    sendJson(res, 503, {
      status: "not ready",
      reason: probe.refused
        ? "bookingtime refused the app credentials at the last token grant"
        : "no bookingtime token grant yet",
    });
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
    drain: (graceMs) => drain(server, graceMs),
    readiness: probe,
  };

  async function drain(s: Server, graceMs: number): Promise<number> {
    draining = true;
    // Answers still to come end their connection, so keep-alive clients reconnect elsewhere.
    for (const res of active) if (!res.headersSent) res.setHeader("connection", "close");
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    s.closeIdleConnections();
    if (inFlight > 0) {
      const settled = new Promise<void>((resolve) => {
        idle = resolve;
      });
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([settled, expired]);
      clearTimeout(timer);
    }
    const cut = inFlight;
    s.closeAllConnections();
    await closed;
    return cut;
  }
}
