import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { eraErrorMessage, finishModern } from "./answer.js";
import { describe } from "./discover.js";
import { checkModern, isEraError, isModern } from "./era.js";
import { type ModernScope, runModern } from "./scope.js";

/**
 * Both eras on one stdio connection: handshake-era traffic (initialize, then requests) passes
 * through to the SDK server unchanged; a request carrying the 2026-07-28 `_meta` envelope is
 * answered statelessly: server/discover here, the rest by the same server inside the request's
 * scope, its answer put into the revision's shape on the way out.
 */
export class DualEraTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];
  private readonly modern = new Map<string, ModernScope>();
  private description: ReturnType<typeof describe> | undefined;

  constructor(
    private readonly inner: Transport,
    /** A server like the connected one, built once to learn what server/discover tells. */
    private readonly create: () => McpServer,
  ) {}

  async start(): Promise<void> {
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onmessage = (message, extra) => {
      if (!isModern(message)) return this.onmessage?.(message, extra);
      void this.receiveModern(message as JSONRPCMessage & Record<string, unknown>).catch(
        (error: unknown) => this.onerror?.(error as Error),
      );
    };
    await this.inner.start();
  }

  async send(message: JSONRPCMessage, options?: Parameters<Transport["send"]>[1]): Promise<void> {
    const key = "id" in message && message.id !== undefined ? keyOf(message.id) : undefined;
    const scope = key !== undefined && !("method" in message) ? this.modern.get(key) : undefined;
    if (scope === undefined || key === undefined) return this.inner.send(message, options);
    this.modern.delete(key);
    const { serverInfo } = await this.describe();
    return this.inner.send(finishModern(scope, message, serverInfo).message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async receiveModern(message: JSONRPCMessage & Record<string, unknown>): Promise<void> {
    const checked = checkModern(message);
    if (isEraError(checked)) return this.inner.send(eraErrorMessage(message.id, checked));
    if (checked.method === "server/discover") {
      const { result } = await this.describe();
      return this.inner.send({ jsonrpc: "2.0", id: checked.id, result } as JSONRPCMessage);
    }
    const scope: ModernScope = { request: checked };
    this.modern.set(keyOf(checked.id), scope);
    runModern(scope, () => this.onmessage?.(message));
  }

  private describe() {
    this.description ??= describe(this.create);
    return this.description;
  }
}

const keyOf = (id: string | number): string => `${typeof id}:${id}`;
