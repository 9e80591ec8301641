import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../logger.js";
import { createServer, type ServerDeps } from "../server.js";
import type { AccessPools } from "./access-pools.js";
import type { InFlightCalls } from "./in-flight-calls.js";
import { answerModern, speaksModern } from "./modern-answer.js";
import { connectOneShot, oneShotRequest, plainPost, type Shape, wantsStream } from "./one-shot.js";
import { RPC, sendRpcError } from "./respond.js";

/** The server's dependencies, with the organization an X-Bookingtime-Organization header picked. */
function depsFor(base: ServerDeps, organizationId: string | undefined): ServerDeps {
  if (organizationId === undefined) return base;
  return {
    ...base,
    defaultOrganizationId: organizationId,
    defaultOrganizationSource: "this request's X-Bookingtime-Organization header",
  };
}

/**
 * Answers an admitted, well-formed /mcp message. A single request answers through a pooled
 * McpServer and a one-shot transport (JSON, or SSE for a tool call with a progressToken); a
 * notifications/cancelled reaches the caller's call it names; everything else gets a fresh
 * McpServer and the SDK transport. Both paths answer 504 once the request deadline passes.
 */
export class McpAnswerer {
  constructor(
    private readonly pools: AccessPools,
    private readonly requestTimeoutMs: number,
    private readonly logger: Logger,
    private readonly calls: InFlightCalls,
  ) {}

  /** `owner`: who may cancel the calls this request starts (see cancelOwner). */
  async answer(
    req: IncomingMessage,
    res: ServerResponse,
    message: unknown,
    organizationId: string | undefined,
    deps: ServerDeps,
    owner: string,
  ): Promise<void> {
    if (speaksModern(req, message)) {
      return answerModern(req, res, message, deps, (one, shape, dispatch) =>
        this.oneShot(res, (one as { id: RequestId }).id, one, organizationId, deps, {
          shape,
          dispatch,
        }),
      );
    }
    const cancelled = cancelledRequest(message);
    if (cancelled && plainPost(req)) {
      const { requestId, reason } = cancelled;
      // Only the caller's own call: another caller naming the same id reaches nothing.
      const hit = this.calls.cancel(owner, requestId, reason ?? "cancelled by the client");
      this.logger.debug({ requestId, cancelled: hit }, "notifications/cancelled");
      return void res.writeHead(202).end();
    }
    const oneShot = oneShotRequest(req, message);
    if (oneShot) {
      return this.oneShot(res, oneShot.id, oneShot.message, organizationId, deps, {
        owner,
        stream: wantsStream(oneShot.message),
      });
    }
    const mcp = createServer(depsFor(deps, organizationId));
    // JSON responses: one request, one answer, which proxies and load balancers handle best.
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const deadline = this.armDeadline(res);
    res.once("close", () => {
      clearTimeout(deadline);
      // After a 504 the tool may still be running: its late answer then goes nowhere.
      mcp
        .close()
        .catch((error: unknown) => this.logger.debug({ err: error }, "closing MCP server"));
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, message);
  }

  /**
   * The hot path: a single stateless request answered as JSON by a pooled server, with the same
   * deadline as the SDK path. A server goes back to the pool only after a normal answer.
   */
  private async oneShot(
    res: ServerResponse,
    id: RequestId,
    message: JSONRPCMessage,
    organizationId: string | undefined,
    deps: ServerDeps,
    how: OneShotOptions,
  ): Promise<void> {
    const pool = organizationId === undefined ? this.pools.poolFor(deps) : undefined;
    const entry = pool
      ? await pool.take()
      : await connectOneShot(createServer(depsFor(deps, organizationId)));
    const deadline = this.armDeadline(res);
    // Cancellable by a later notifications/cancelled from the same caller, until the call ends.
    const forget =
      how.owner === undefined
        ? () => {}
        : this.calls.add(how.owner, id, (reason) => entry.transport.cancel(res, reason));
    res.once("close", () => {
      clearTimeout(deadline);
      forget();
      // After a 504 (or a client that left) the tool may still be running: closing aborts it.
      if (entry.transport.awaits(res)) void entry.server.close();
    });
    const { shape, dispatch, stream } = how;
    const answered = await entry.transport.carry(res, id, message, shape, dispatch, stream);
    clearTimeout(deadline);
    forget();
    if (answered && pool) pool.give(entry);
    // Also when cut (deadline, client gone, cancelled): closing aborts a handler still running,
    // as the SDK ignores a cancel naming id 0.
    else await entry.server.close();
  }

  /** Answers 504 once the request deadline passes (or cuts a response already under way). */
  private armDeadline(res: ServerResponse): NodeJS.Timeout {
    return setTimeout(() => {
      this.logger.warn({ ms: this.requestTimeoutMs }, "request deadline passed; answering 504");
      if (res.headersSent) res.destroy();
      else {
        sendRpcError(
          res,
          504,
          RPC.serverError,
          "The request took too long; bookingtime may be slow. Try again.",
        );
      }
    }, this.requestTimeoutMs);
  }
}

interface OneShotOptions {
  /** The 2026-07-28 revision's answer shape and request scope. */
  shape?: Shape;
  dispatch?: (run: () => void) => void;
  /** Set for handshake-era requests: who may cancel them by notification. */
  owner?: string;
  stream?: boolean;
}

/** The request a notifications/cancelled names, if the message is one. */
function cancelledRequest(message: unknown): { requestId: RequestId; reason?: string } | undefined {
  const m = message as { method?: unknown; id?: unknown; params?: Record<string, unknown> };
  if (m?.method !== "notifications/cancelled" || "id" in m) return undefined;
  const requestId = m.params?.requestId;
  if (typeof requestId !== "string" && typeof requestId !== "number") return undefined;
  const reason = m.params?.reason;
  return { requestId, ...(typeof reason === "string" ? { reason } : {}) };
}
