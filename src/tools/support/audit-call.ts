import type { Caller } from "../../audit/caller.js";
import { auditWrite } from "../../audit/write-audit.js";
import { modernScope } from "../../revision/scope.js";
import type { ToolContext } from "../define.js";

/** The organization a call would use, for the audit line; undefined when it has none. */
function organizationOf(ctx: ToolContext, args: unknown): string | undefined {
  const requested = (args as { organizationId?: unknown } | undefined)?.organizationId;
  // Checked like an id: a malformed argument is not copied into the trail.
  if (typeof requested === "string")
    return /^[A-Za-z0-9]{1,64}$/.test(requested) ? requested : "invalid";
  try {
    return ctx.organizationId(undefined);
  } catch {
    return undefined;
  }
}

/** Records one write tool call; `outcome` is the registry's ("ok" or an error kind). */
export function auditCall(
  ctx: ToolContext,
  tool: string,
  args: unknown,
  outcome: string,
  result: unknown,
  /** When called outside the request's scope (at shutdown). */
  caller?: Caller,
): void {
  auditWrite(ctx.audit, {
    caller,
    tool,
    args,
    organization: organizationOf(ctx, args),
    // A round that only asked the user answers like a refusal (the tool changed nothing); the
    // trail says what it was rather than "declined".
    errorKind: modernScope()?.inputRequired
      ? "confirmation_asked"
      : outcome === "ok"
        ? undefined
        : outcome,
    result,
  });
}
