import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../logger.js";
import { createServer, type ServerDeps } from "../server.js";
import type { AccessPools } from "./access-pools.js";
import { answerModern, speaksModern } from "./modern-answer.js";
import { connectOneShot, oneShotRequest, type Shape } from "./one-shot.js";
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
 * McpServer and a one-shot JSON transport; everything else gets a fresh McpServer and the SDK
 * transport. Both paths answer 504 once the request deadline passes.
 */
export class McpAnswerer {
  constructor(
    private readonly pools: AccessPools,
    private readonly requestTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  async answer(
    req: IncomingMessage,
    res: ServerResponse,
    message: unknown,
    organizationId: string | undefined,
    deps: ServerDeps,
  ): Promise<void> {
    if (speaksModern(req, message)) {
      return answerModern(req, res, message, deps, (one, shape, dispatch) =>
        this.oneShot(
          res,
          (one as { id: RequestId }).id,
          one,
          organizationId,
          deps,
          shape,
          dispatch,
        ),
      );
    }
    const oneShot = oneShotRequest(req, message);
    if (oneShot) return this.oneShot(res, oneShot.id, oneShot.message, organizationId, deps);
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
    shape?: Shape,
    dispatch?: (run: () => void) => void,
  ): Promise<void> {
    const pool = organizationId === undefined ? this.pools.poolFor(deps) : undefined;
    const entry = pool
      ? await pool.take()
      : await connectOneShot(createServer(depsFor(deps, organizationId)));
    const deadline = this.armDeadline(res);
    res.once("close", () => {
      clearTimeout(deadline);
      // After a 504 (or a client that left) the tool may still be running: closing aborts it.
      if (entry.transport.awaits(res)) void entry.server.close();
    });
    const answered = await entry.transport.carry(res, id, message, shape, dispatch);
    clearTimeout(deadline);
    if (answered && pool) pool.give(entry);
    else if (answered) await entry.server.close();
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
