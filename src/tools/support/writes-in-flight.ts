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
 * bookingtime, and the process is gone before the call itself could say so.
 * One set per process, like the process's stdin: stopping ends every server in it.
 */
const running = new Set<Running>();

/** Call at the start of a write; the returned function says whether it may still audit itself. */
export function writeStarted(ctx: ToolContext, tool: string, args: unknown): () => boolean {
  const entry: Running = { ctx, tool, args, caller: currentCaller() };
  running.add(entry);
  return () => running.delete(entry);
}

/** Audits every write still running as cut at shutdown (outcome "unknown"); returns how many. */
export function auditCutWrites(): number {
  const cut = [...running];
  running.clear();
  for (const { ctx, tool, args, caller } of cut) {
    auditCall(ctx, tool, args, "cut_at_shutdown", undefined, caller);
  }
  return cut.length;
}
