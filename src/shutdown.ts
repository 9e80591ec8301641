import { fstatSync } from "node:fs";
import type { Logger } from "./logger.js";

export type Closer = () => Promise<unknown>;

export interface ShutdownOptions {
  /** The end of stdin means the client has gone: stdio mode, or a host holding a pipe to us. */
  watchStdin: boolean;
  /** Lets work in flight finish first (bounded by its own deadline); skipped if stdout is gone. */
  settle?: () => Promise<void>;
  /** Once settled, exit anyway after this long should a closer hang. */
  closeBudgetMs?: number;
}

/** How long the closers get once nothing is in flight: a stop well inside two seconds. */
export const CLOSE_BUDGET_MS = 1_500;

/**
 * Ends cleanly when the client closes stdin or the process is signalled. Closers run in order
 * (the listener drains before the connection pool and the sandbox it still needs are closed).
 * Nothing here waits on stderr: the logger drops lines once its reader is gone.
 */
export function onShutdown(logger: Logger, closers: Closer[], opts: ShutdownOptions): void {
  let closing = false;
  const shutdown = async (reason: string, settle = true) => {
    if (closing) return;
    closing = true;
    logger.info({ reason }, "shutting down");
    if (settle && opts.settle) await opts.settle();
    const forced = setTimeout(() => process.exit(0), opts.closeBudgetMs ?? CLOSE_BUDGET_MS);
    forced.unref();
    for (const close of closers) {
      await close().catch((error: unknown) => logger.warn({ err: error }, "error while closing"));
    }
    logger.info("stopped");
    process.exit(0);
  };
  if (opts.watchStdin) {
    process.stdin.on("end", () => shutdown("stdin closed"));
    process.stdin.on("close", () => shutdown("stdin closed"));
    // Remote mode does not read stdin otherwise; without a reader its end is never seen.
    if (process.stdin.listenerCount("data") === 0) process.stdin.resume();
  }
  // A client that vanished leaves a broken pipe: its answers can go nowhere, so no settling.
  process.stdout.on("error", () => shutdown("stdout closed", false));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * Whether stdin is a pipe or socket someone holds: a host that launched us and will close it
 * when it goes. /dev/null (containers, systemd) or a terminal says nothing about that.
 */
export function stdinIsHeld(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
