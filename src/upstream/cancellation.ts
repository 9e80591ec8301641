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

// The call signals handed out below, each with the switch that stops it from ever aborting.
const latches = new WeakMap<AbortSignal, () => void>();

/**
 * The signal a tool call's upstream requests follow: the caller's cancellation, until the call
 * sends a write. From then on the call runs to its end (the write completes, its outcome is read
 * back, logged and audited); the protocol drops its answer.
 */
export function cancellableUntilWrite(caller: AbortSignal): AbortSignal {
  const own = new AbortController();
  if (caller.aborted) {
    own.abort(caller.reason);
    return own.signal;
  }
  const forward = () => own.abort(caller.reason);
  caller.addEventListener("abort", forward, { once: true });
  latches.set(own.signal, () => caller.removeEventListener("abort", forward));
  return own.signal;
}

/**
 * Called just before a non-repeatable request goes out: a call already cancelled throws, so the
 * write is never sent; otherwise the call stops following its cancellation. Outside a call
 * (doctor, start-up) it does nothing.
 */
export function writeSending(): void {
  const signal = callSignal();
  if (signal === undefined) return;
  if (signal.aborted) throw new CallCancelledError();
  latches.get(signal)?.();
  latches.delete(signal);
}

/** Whether the running call was cancelled (and has sent no write). */
export function isCancelled(): boolean {
  return callSignal()?.aborted === true;
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
