import { AsyncLocalStorage } from "node:async_hooks";

/** Who is calling, as far as the audit trail and the logs are concerned. Never a token. */
export interface Caller {
  /** The token's `sub`, a static token's name, "stdio", or "anonymous" (--insecure-no-auth). */
  id: string;
  /** The OAuth client the token was issued to, when the token names one. */
  clientId?: string | undefined;
}

const STDIO: Caller = { id: "stdio" };

/**
 * The caller of the request being answered. Remote mode runs each request inside `run`; the
 * promise chains of the MCP server handling it inherit that, pooled servers included.
 */
export const callerScope = new AsyncLocalStorage<Caller>();

export function currentCaller(): Caller {
  return callerScope.getStore() ?? STDIO;
}
