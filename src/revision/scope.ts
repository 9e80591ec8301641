import { AsyncLocalStorage } from "node:async_hooks";
import type { ModernRequest } from "./era.js";

/** An input the server needs before it can finish the request (an InputRequiredResult). */
export interface InputRequired {
  inputRequests: Record<string, { method: string; params: Record<string, unknown> }>;
  requestState: string;
}

/**
 * The modern request being answered, for code deep below the MCP server (the confirmation): what
 * the client can do, the answers it sent back, and the input this round still needs.
 */
export interface ModernScope {
  request: ModernRequest;
  /** Set when the request cannot finish without the user: answered instead of the result. */
  inputRequired?: InputRequired | undefined;
}

const scopes = new AsyncLocalStorage<ModernScope>();

/**
 * Runs `dispatch` (handing the request to the MCP server) inside the request's scope; the
 * server's handler chain, started synchronously from there, inherits it.
 */
export function runModern<T>(scope: ModernScope, dispatch: () => T): T {
  return scopes.run(scope, dispatch);
}

export function modernScope(): ModernScope | undefined {
  return scopes.getStore();
}
