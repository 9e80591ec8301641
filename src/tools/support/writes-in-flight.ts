import { type Caller, currentCaller } from "../../audit/caller.js";
import type { ToolContext } from "../define.js";
import { auditCall } from "./audit-call.js";

interface Running {
  ctx: ToolContext;
  tool: string;
  args: unknown;
  caller: Caller;
}

/**
 * Write calls still running in this process. A stop that cannot wait for one (stdio's settle
 * budget, the HTTP drain deadline) records it as "unknown" here: its request may have reached
 * bookingtime, and the process is gone before the call itself could say so. One per process,
 * owned by the runtime and shared by every server built over it: stopping ends them all.
 */
export class WritesInFlight {
  private readonly running = new Set<Running>();

  /** Call at the start of a write; the returned function says whether it may still audit itself. */
  started(ctx: ToolContext, tool: string, args: unknown): () => boolean {
    const entry: Running = { ctx, tool, args, caller: currentCaller() };
    this.running.add(entry);
    return () => this.running.delete(entry);
  }

  /** Audits every write still running as cut at shutdown (outcome "unknown"); returns how many. */
  auditCut(): number {
    const cut = [...this.running];
    this.running.clear();
    for (const { ctx, tool, args, caller } of cut) {
      auditCall(ctx, tool, args, "cut_at_shutdown", undefined, caller);
    }
    return cut.length;
  }
}

/** The registry's hook: tracked in the context's set; with none, the call always audits itself. */
export function writeStarted(ctx: ToolContext, tool: string, args: unknown): () => boolean {
  return ctx.writes ? ctx.writes.started(ctx, tool, args) : () => true;
}
