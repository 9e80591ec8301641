import { once } from "node:events";
import {
  createServer as createNodeServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";
import type { Logger } from "../logger.js";
import { createServer, type ServerDeps } from "../server.js";
import type { BearerAuth } from "./auth.js";
import { BodyTooLarge, describeRpc, MAX_BODY_BYTES, readBody } from "./body.js";
import { HostGuard } from "./guard.js";
import { connectOneShot, oneShotRequest, ServerPool } from "./one-shot.js";
import { type Readiness, ReadinessProbe } from "./readiness.js";
import { RPC, sendJson, sendRpcError } from "./respond.js";

export const MCP_PATH = "/mcp";
export const ORGANIZATION_HEADER = "x-bookingtime-organization";

export type { Readiness };

/** Longer than the 60 s idle timeout of common load balancers, so they never reuse a socket we just closed. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Methods and headers a browser page on an allowed origin may use on /mcp. */
const CORS_HEADERS = {
  "access-control-allow-methods": "POST",
  "access-control-allow-headers":
    "authorization, content-type, accept, mcp-protocol-version, x-bookingtime-organization, last-event-id",
  "access-control-max-age": "600",
};

/** The revision that removed JSON-RPC batching from MCP; dates compare as strings. */
const NO_BATCH_SINCE = "2025-06-18";

export interface HttpServerOptions {
  host: string;
  port: number;
  /** undefined: --insecure-no-auth (the caller allows that only on loopback). */
  auth: BearerAuth | undefined;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  /** Shared by every request; the organization may be overridden per request by header. */
  deps: ServerDeps;
  readiness: Readiness;
  /** A request still unanswered after this long gets a 504 (or its stream is cut). */
  requestTimeoutMs: number;
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
  let guard: HostGuard | undefined;
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;
  const active = new Set<ServerResponse>();
  const probe = new ReadinessProbe(opts.readiness, logger);
  // Servers for the default organization, reused across requests on the one-shot path.
  const pool = new ServerPool(() => createServer(opts.deps), 64);

  const server = createNodeServer(
    {
      // headersTimeout above keepAliveTimeout, requestTimeout above both: Node checks the order.
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      headersTimeout: KEEP_ALIVE_TIMEOUT_MS + 1_000,
      requestTimeout: KEEP_ALIVE_TIMEOUT_MS + 5_000,
    },
    (req, res) => {
      const started = performance.now();
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const fields: Record<string, unknown> = {};
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
      route(req, res, path, fields).catch((error: unknown) => {
        logger.error({ err: error, path }, "http request failed");
        sendRpcError(res, 500, RPC.serverError, "Internal server error.");
      });
    },
  );

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
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
    if (!guard?.hostAllowed(req.headers.host)) {
      return sendRpcError(
        res,
        403,
        RPC.serverError,
        "Forbidden: this Host is not served here (see BOOKINGTIME_MCP_ALLOWED_HOSTS).",
      );
    }
    const origin = req.headers.origin;
    if (!guard.originAllowed(origin)) {
      return sendRpcError(
        res,
        403,
        RPC.serverError,
        "Forbidden: this Origin is not allowed (see BOOKINGTIME_MCP_ALLOWED_ORIGINS).",
      );
    }
    if (origin !== undefined) {
      // An allowed browser page may read our answers, 401s included.
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-expose-headers", "www-authenticate");
      res.setHeader("vary", "origin");
      if (req.method === "OPTIONS") {
        res.writeHead(204, CORS_HEADERS);
        return void res.end();
      }
    }
    if (req.method !== "POST") {
      // Stateless: no standalone SSE stream to GET and no session to DELETE.
      return sendRpcError(
        res,
        405,
        RPC.serverError,
        "Method not allowed: this stateless server accepts only POST on /mcp.",
        { allow: "POST" },
      );
    }
    const auth = opts.auth?.check(req.headers.authorization) ?? "ok";
    if (auth !== "ok") {
      const challenge =
        auth === "invalid"
          ? 'Bearer realm="bookingtime-mcp", error="invalid_token"'
          : 'Bearer realm="bookingtime-mcp"';
      return sendRpcError(
        res,
        401,
        RPC.serverError,
        "Unauthorized: send Authorization: Bearer <token> with a token from BOOKINGTIME_MCP_TOKENS.",
        { "www-authenticate": challenge },
      );
    }
    const organization = req.headers[ORGANIZATION_HEADER];
    if (organization !== undefined && !ORGANIZATION_ID_PATTERN.test(String(organization))) {
      // The value is not echoed: a caller may have put something private in the wrong header.
      return sendRpcError(
        res,
        400,
        RPC.invalidRequest,
        "X-Bookingtime-Organization must be an organization id: 'f6' followed by 30 letters or digits.",
      );
    }
    let message: unknown;
    try {
      message = JSON.parse((await readBody(req)).toString("utf8"));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest is discarded as it arrives, for a bounded time: the connection is not reused.
        setTimeout(() => req.socket.destroy(), 5_000).unref();
        return sendRpcError(
          res,
          413,
          RPC.invalidRequest,
          `Request body too large: at most ${MAX_BODY_BYTES} bytes.`,
          { connection: "close" },
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
    await serveMcp(
      req,
      res,
      message,
      organization === undefined ? undefined : String(organization),
    );
  }

  /** The server's dependencies, with the organization an X-Bookingtime-Organization header picked. */
  function depsFor(organizationId: string | undefined): ServerDeps {
    if (organizationId === undefined) return opts.deps;
    return {
      ...opts.deps,
      defaultOrganizationId: organizationId,
      defaultOrganizationSource: "this request's X-Bookingtime-Organization header",
    };
  }

  async function serveMcp(
    req: IncomingMessage,
    res: ServerResponse,
    message: unknown,
    organizationId: string | undefined,
  ): Promise<void> {
    const oneShot = oneShotRequest(req, message);
    if (oneShot) return serveOneShot(res, oneShot.id, oneShot.message, organizationId);
    const mcp = createServer(depsFor(organizationId));
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
  ): Promise<void> {
    const pooled = organizationId === undefined;
    const entry = pooled
      ? await pool.take()
      : await connectOneShot(createServer(depsFor(organizationId)));
    const deadline = armDeadline(res);
    res.once("close", () => {
      clearTimeout(deadline);
      // After a 504 (or a client that left) the tool may still be running: closing aborts it.
      if (entry.transport.awaits(res)) void entry.server.close();
    });
    const answered = await entry.transport.carry(res, id, message);
    clearTimeout(deadline);
    if (answered && pooled) pool.give(entry);
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
    sendJson(res, 503, { status: "not ready", reason: "no bookingtime token grant yet" });
  }

  server.listen(opts.port, opts.host);
  await Promise.race([
    once(server, "listening"),
    once(server, "error").then(([error]) => Promise.reject(error)),
  ]);
  const { port } = server.address() as AddressInfo;
  guard = new HostGuard({ ...opts, port });
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
