import { describe, expect, it } from "vitest";
import type { AuditLog, AuditRecord } from "../../src/audit/audit.js";
import type { ModernRequest } from "../../src/revision/era.js";
import { runModern } from "../../src/revision/scope.js";
import type { ToolContext } from "../../src/tools/define.js";
import { auditCall } from "../../src/tools/support/audit-call.js";

const ORG = `f6${"a".repeat(30)}`;

function trail(): { audit: AuditLog; records: AuditRecord[]; ctx: ToolContext } {
  const records: AuditRecord[] = [];
  const audit: AuditLog = { write: (r) => void records.push(r), close: () => undefined };
  const ctx = { audit, organizationId: () => ORG } as unknown as ToolContext;
  return { audit, records, ctx };
}

const declinedResult = { canceled: false, reason: "the user did not confirm." };

describe("auditCall", () => {
  it("records a person's no as refused / declined", () => {
    const { records, ctx } = trail();
    auditCall(ctx, "cancel_appointment", { appointmentId: "a1" }, "ok", declinedResult);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: "refused", reason: "declined" });
  });

  it("records a 2026-07-28 round that only asked the user as confirmation_asked, not declined", () => {
    const { records, ctx } = trail();
    const scope = {
      request: {} as ModernRequest,
      inputRequired: { inputRequests: {}, requestState: "s" },
    };
    runModern(scope, () =>
      auditCall(ctx, "cancel_appointment", { appointmentId: "a1" }, "ok", declinedResult),
    );
    expect(records[0]).toMatchObject({ outcome: "refused", reason: "confirmation_asked" });
  });
});
