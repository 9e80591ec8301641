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
import { RPC, sendJson, sendRpcError } from "./respond.js";

export const MCP_PATH = "/mcp";
export const ORGANIZATION_HEADER = "x-bookingtime-organization";

/** Whether the process can reach bookingtime; only a token grant proves the credentials work. */
export interface Readiness {
  readonly hasGranted: boolean;
  ensureGrant(): Promise<void>;
}

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
  // Servers for the default organization, reused across requests on the one-shot path.
  const pool = new ServerPool(() => createServer(opts.deps), 64);

  const server = createNodeServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const fields: Record<string, unknown> = {};
    inFlight++;
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      inFlight--;
      logger.info(
        {
          method: req.method,
          path,
          status: res.statusCode,
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
  });
  // Slow senders must not hold a connection forever; answers have their own deadline.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
    if (path === "/healthz" && req.method === "GET") {
      return sendJson(res, 200, { status: "ok" });
    }
    if (path === "/readyz" && req.method === "GET") return readyz(res);
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
    if (!guard.originAllowed(req.headers.origin)) {
      return sendRpcError(
        res,
        403,
        RPC.serverError,
        "Forbidden: this Origin is not allowed (see BOOKINGTIME_MCP_ALLOWED_ORIGINS).",
      );
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
    await serveMcp(
      req,
      res,
      message,
      organization === undefined ? undefined : String(organization),
    );
  }

  async function serveMcp(
    req: IncomingMessage,
    res: ServerResponse,
    message: unknown,
    organizationId: string | undefined,
  ): Promise<void> {
    const oneShot = oneShotRequest(req, message);
    if (oneShot) return serveOneShot(res, oneShot.id, oneShot.message, organizationId);
    const mcp = createServer({
      ...opts.deps,
      defaultOrganizationId: organizationId ?? opts.deps.defaultOrganizationId,
    });
    // JSON responses: one request, one answer, which proxies and load balancers handle best.
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const deadline = setTimeout(() => {
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
    res.once("close", () => {
      clearTimeout(deadline);
      // After a 504 the tool may still be running: its late answer then goes nowhere.
      mcp.close().catch((error: unknown) => logger.debug({ err: error }, "closing MCP server"));
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, message);
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
      : await connectOneShot(createServer({ ...opts.deps, defaultOrganizationId: organizationId }));
    const deadline = setTimeout(() => {
      logger.warn({ ms: opts.requestTimeoutMs }, "request deadline passed; answering 504");
      sendRpcError(
        res,
        504,
        RPC.serverError,
        "The request took too long; bookingtime may be slow. Try again.",
      );
    }, opts.requestTimeoutMs);
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
    if (opts.readiness.hasGranted) {
      sendJson(res, 200, { status: "ready" });
      return;
    }
    // Each probe retries the grant (one at a time), so readiness recovers without traffic.
    opts.readiness.ensureGrant().catch((error: unknown) => {
      logger.warn({ err: error }, "token grant for readiness failed");
    });
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
  };

  async function drain(s: Server, graceMs: number): Promise<number> {
    draining = true;
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
