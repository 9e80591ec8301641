import { callSignal } from "./call-scope.js";
import { BookingtimeError } from "./errors.js";

/**
 * The caller cancelled the tool call (MCP notifications/cancelled, or the server closed under
 * it): nothing further was sent. Not an upstream failure: never retried, never logged as one.
 * The SDK sends no answer for a cancelled request, so its text is only seen by direct callers.
 */
export class CallCancelledError extends BookingtimeError {
  readonly kind = "cancelled";
  override name = "CallCancelledError";
  constructor() {
    super("The call was cancelled; nothing further was sent to bookingtime.", {
      code: "cancelled",
    });
  }
}

// Calls that have sent a write: from then on they run to their end (the write completes, its
// outcome is read back, logged and audited); the protocol drops their answer. No listener per
// call: a lookup per request is cheaper.
const wrote = new WeakSet<AbortSignal>();

/**
 * The cancellation the running call's upstream requests follow: the caller's, until the call
 * sends a write; undefined outside a call (doctor, start-up) and after a write.
 */
export function followedSignal(): AbortSignal | undefined {
  const signal = callSignal();
  return signal === undefined || wrote.has(signal) ? undefined : signal;
}

/**
 * Called just before a non-repeatable request goes out: a call already cancelled throws, so the
 * write is never sent; otherwise the call stops following its cancellation.
 */
export function writeSending(): void {
  const signal = followedSignal();
  if (signal === undefined) return;
  if (signal.aborted) throw new CallCancelledError();
  wrote.add(signal);
}

/** Whether the running call was cancelled (and has sent no write). */
export function isCancelled(): boolean {
  return followedSignal()?.aborted === true;
}

/** Throws when the running call was cancelled: for the steps between requests. */
export function stopIfCancelled(): void {
  if (isCancelled()) throw new CallCancelledError();
}

/** Waits `ms`, or rejects with CallCancelledError as soon as `signal` (a call's) aborts. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise((resolve) => setTimeout(resolve, ms));
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CallCancelledError());
    const stop = () => {
      clearTimeout(timer);
      reject(new CallCancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}
