import type { AuditLog, AuditOutcome } from "./audit.js";
import { type Caller, currentCaller } from "./caller.js";

/** Error kinds that mean nothing was changed: the call was turned down before or by bookingtime's checks. */
const REFUSED_KINDS = new Set([
  "invalid_arguments",
  "user_input",
  "organization_not_allowed",
  "organization_access",
  "confirmation_required",
  "insufficient_scope",
  "tool_not_allowed",
  // Cancelled by the caller before any write was sent (once one is sent, the call completes).
  "cancelled",
  // MCP 2026-07-28: this round only asked the user (an input request); nothing was sent.
  "confirmation_asked",
]);
/** The request may have reached bookingtime and changed something before the answer was lost. */
const UNKNOWN_KINDS = new Set([
  "upstream_unavailable",
  "api_server",
  "internal_error",
  // The process stopped while the call still waited on bookingtime.
  "cut_at_shutdown",
]);

const ID_KEY = /Id$/;
const ID_VALUE = /^[A-Za-z0-9_-]{1,64}$/;

/** The ids among the arguments (organizationId apart): no names, e-mail addresses or texts. */
function idsOf(args: unknown, result: unknown): Record<string, string> {
  const ids: Record<string, string> = {};
  if (typeof args === "object" && args !== null) {
    for (const [key, value] of Object.entries(args)) {
      if (key !== "organizationId" && ID_KEY.test(key) && typeof value === "string") {
        if (ID_VALUE.test(value)) ids[key] = value;
      }
    }
  }
  // What the call created: the new appointment's or customer's id.
  const data = (result ?? {}) as Record<string, { id?: unknown } | undefined>;
  for (const [field, key] of [
    ["appointment", "appointmentId"],
    ["customer", "customerId"],
  ] as const) {
    const id = data[field]?.id;
    if (ids[key] === undefined && typeof id === "string" && ID_VALUE.test(id)) ids[key] = id;
  }
  return ids;
}

/** A tool that answered normally but changed nothing because the user said no. */
function declined(result: unknown): boolean {
  const data = (result ?? {}) as Record<string, unknown>;
  return (
    typeof data.reason === "string" &&
    ["moved", "canceled", "updated", "created", "booked"].some((k) => data[k] === false)
  );
}

export interface WriteAttempt {
  /** The request's caller when not running inside its scope. */
  caller?: Caller | undefined;
  tool: string;
  args: unknown;
  organization: string | undefined;
  /** The error kind when the call failed; undefined when it answered. */
  errorKind?: string | undefined;
  /** The tool's structured result when it answered. */
  result?: unknown;
}

function outcomeOf(attempt: WriteAttempt): { outcome: AuditOutcome; reason?: string } {
  const kind = attempt.errorKind;
  if (kind === undefined) {
    return declined(attempt.result)
      ? { outcome: "refused", reason: "declined" }
      : { outcome: "done" };
  }
  if (REFUSED_KINDS.has(kind)) return { outcome: "refused", reason: kind };
  if (UNKNOWN_KINDS.has(kind)) return { outcome: "unknown", reason: kind };
  return { outcome: "failed", reason: kind };
}

/** One line for one write attempt, whatever became of it. */
export function auditWrite(audit: AuditLog | undefined, attempt: WriteAttempt): void {
  if (!audit) return;
  const args = (attempt.args ?? {}) as Record<string, unknown>;
  const key = args.idempotencyKey;
  const customId = (attempt.result as { customId?: unknown } | undefined)?.customId;
  audit.write({
    caller: attempt.caller ?? currentCaller(),
    tool: attempt.tool,
    organization: attempt.organization,
    ids: idsOf(args, attempt.result),
    ...(typeof key === "string" ? { idempotencyKey: key.slice(0, 100) } : {}),
    ...(typeof customId === "string" && ID_VALUE.test(customId) ? { customId } : {}),
    ...outcomeOf(attempt),
  });
}
