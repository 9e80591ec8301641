import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the layers below a tool call need to know about the call that is running them, without
 * every API method taking it as a parameter: the caller's cancellation and where to report what
 * a person watching the host should see. Per call by design (one store per tool call).
 */
export interface UpstreamEvent {
  kind: "retry" | "rate_limited" | "credentials_renewed" | "skipped_records";
  level: "info" | "warning";
  /** A sentence for a person; never a secret, a token or a URL with credentials. */
  message: string;
}

export interface CallScope {
  /** Aborted when the client cancels the call or its deadline passes. */
  signal?: AbortSignal | undefined;
  onEvent?: ((event: UpstreamEvent) => void) | undefined;
}

const scopes = new AsyncLocalStorage<CallScope>();

export function withCallScope<T>(scope: CallScope, run: () => Promise<T>): Promise<T> {
  return scopes.run(scope, run);
}

/** The running call's cancellation, if any. */
export function callSignal(): AbortSignal | undefined {
  return scopes.getStore()?.signal;
}

/** Reports to the running call's watcher; a no-op outside a call (doctor, start-up). */
export function reportEvent(event: UpstreamEvent): void {
  scopes.getStore()?.onEvent?.(event);
}
