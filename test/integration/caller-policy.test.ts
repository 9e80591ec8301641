import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import type { Policy } from "../../src/access/policy.js";
import { type AuditLog, fileAudit } from "../../src/audit/audit.js";
import { SecretRegistry } from "../../src/secrets.js";
import { MONDAY_8AM } from "../helpers/booking.js";
import {
  type HttpHarness,
  newToken,
  RPC_HEADERS,
  startHttpHarness,
  toolCallBody,
} from "../helpers/http-harness.js";

const { acme, globex } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;
const frontdesk = newToken();
const viewer = newToken();
const stranger = newToken();

const policy: Policy = {
  subjects: {},
  groups: {},
  tokens: {
    frontdesk: { organizations: [acme] },
    viewer: { readOnly: true },
  },
};

let sandbox: Sandbox;
let h: HttpHarness;
let audit: AuditLog;
let auditPath: string;

beforeAll(async () => {
  sandbox = await Sandbox.start();
  auditPath = join(mkdtempSync(join(tmpdir(), "bt-audit-")), "audit.jsonl");
  audit = fileAudit(auditPath, new SecretRegistry());
  h = await startHttpHarness(sandbox, {
    tokens: [`frontdesk:${frontdesk}`, `viewer:${viewer}`, `nobody:${stranger}`],
    policy,
    audit,
    sandboxClock: true,
  });
});
afterAll(async () => {
  await h.close();
  audit.close();
  await sandbox.close();
});
beforeEach(() => {
  sandbox.clock.set(MONDAY_8AM);
});

const auditLines = (): Array<Record<string, unknown>> =>
  readFileSync(auditPath, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const text = (r: CallToolResult) => JSON.stringify(r.content);
const upstreamFor = (org: string) => sandbox.requests.filter((r) => r.path.includes(org)).length;

describe("a caller limited to one organization cannot reach another", () => {
  it("by argument: refused, nothing sent", async () => {
    const client = await h.client(frontdesk);
    const before = upstreamFor(globex);
    const r = (await client.callTool({
      name: "get_organization",
      arguments: { organizationId: globex },
    })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(text(r)).toContain(`Organization ${globex} is not one you may use on this server`);
    expect(text(r)).toContain(`What to do: Use one of yours: ${acme}.`);
    expect(text(r)).toContain("policy file");
    expect(upstreamFor(globex)).toBe(before);
  });

  it("by header: refused, nothing sent", async () => {
    const client = await h.client(frontdesk, { "X-Bookingtime-Organization": globex });
    const before = upstreamFor(globex);
    const r = (await client.callTool({ name: "list_services" })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(
      /X-Bookingtime-Organization header\) is not one you may use on this server/,
    );
    expect(upstreamFor(globex)).toBe(before);
  });

  it("by resource URI: refused, nothing sent", async () => {
    const client = await h.client(frontdesk);
    const before = upstreamFor(globex);
    await expect(
      client.readResource({ uri: `bookingtime://organization/${globex}/services` }),
    ).rejects.toThrow(/is not one you may use on this server/);
    await expect(
      client.readResource({ uri: `bookingtime://organization/${globex}` }),
    ).rejects.toThrow(/is not one you may use on this server/);
    expect(upstreamFor(globex)).toBe(before);
  });

  it("its own organization works", async () => {
    const client = await h.client(frontdesk);
    const r = (await client.callTool({ name: "get_organization" })) as CallToolResult;
    expect(r.isError, text(r)).toBeFalsy();
  });

  it("a caller the policy file does not name is refused outright", async () => {
    const res = await h.raw("/mcp", {
      headers: { ...RPC_HEADERS, authorization: `Bearer ${stranger}` },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(403);
  });
});

describe("a read-only caller cannot write through any tool, resource or prompt", () => {
  it("lists no write tool and no prompt; resources only read", async () => {
    const client = await h.client(viewer);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.filter((t) => t.annotations?.readOnlyHint !== true)).toEqual([]);
    expect((await client.listPrompts()).prompts).toEqual([]);
    await expect(client.getPrompt({ name: "book_appointment", arguments: {} })).rejects.toThrow();
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.length).toBeGreaterThan(0);
  });

  it.each([
    ["add_customer", { firstName: "Ada", lastName: "Lovelace" }],
    ["update_customer", { customerId: `d3${"a".repeat(30)}`, firstName: "X", confirm: true }],
    ["book_appointment", { slotId: `4f${"a".repeat(30)}`, customerId: `d3${"a".repeat(30)}` }],
    ["move_appointment", { appointmentId: `ed${"a".repeat(30)}`, slotId: `4f${"a".repeat(30)}` }],
    ["cancel_appointment", { appointmentId: `ed${"a".repeat(30)}`, confirm: true }],
  ])("%s is refused before anything is sent, and audited as refused", async (name, args) => {
    const before = sandbox.requests.length;
    const lines = auditLines().length;
    const res = await h.raw("/mcp", {
      headers: { ...RPC_HEADERS, authorization: `Bearer ${viewer}` },
      body: toolCallBody(name, args),
    });
    expect(res.status).toBe(200);
    const result = (res.json as { result: CallToolResult }).result;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("is not available to you");
    expect(sandbox.requests.length).toBe(before);
    const added = auditLines().slice(lines);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ caller: "viewer", tool: name, outcome: "refused" });
  });
});

describe("audit trail: one line per write attempt", () => {
  it("every write tool writes exactly one line naming the caller, with ids and no secret", async () => {
    const client = await h.client(frontdesk);
    const call = async (name: string, args: Record<string, unknown>) => {
      const before = auditLines().length;
      const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      expect(r.isError, text(r)).toBeFalsy();
      const added = auditLines().slice(before);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        audit: "write",
        caller: "frontdesk",
        tool: name,
        organization: acme,
        outcome: "done",
      });
      return { r, line: added[0] as Record<string, unknown> & { ids: Record<string, string> } };
    };
    const added = await call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    const customerId = (added.r.structuredContent as { customer: { id: string } }).customer.id;
    expect(added.line.ids).toEqual({ customerId });
    await call("update_customer", { customerId, mobile: "+49 170 9988776", confirm: true });
    const found = (await client.callTool({
      name: "find_free_slots",
      arguments: { serviceId: A.haircut, from: "2026-03-24", detail: true },
    })) as CallToolResult;
    // biome-ignore lint/suspicious/noExplicitAny: the result is inspected field by field
    const slots = (found.structuredContent as any).slots.flatMap((t: any) =>
      // biome-ignore lint/suspicious/noExplicitAny: idem
      t.options.map((o: any) => o.slotId as string),
    ) as string[];
    const booked = await call("book_appointment", {
      slotId: slots[0],
      customerId,
      idempotencyKey: "audit-test-1",
    });
    const appointmentId = (booked.r.structuredContent as { appointment: { id: string } })
      .appointment.id;
    expect(booked.line).toMatchObject({
      idempotencyKey: "audit-test-1",
      ids: { slotId: slots[0], customerId, appointmentId },
    });
    expect(typeof booked.line.customId).toBe("string");
    await call("move_appointment", { appointmentId, slotId: slots.at(-1), confirm: true });
    await call("cancel_appointment", { appointmentId, confirm: true });

    const file = readFileSync(auditPath, "utf8");
    for (const secret of [frontdesk, viewer, SANDBOX_DEFAULT_CLIENT.clientSecret]) {
      expect(file).not.toContain(secret);
    }
    // Ids only: no names or phone numbers.
    expect(file).not.toContain("Lovelace");
    expect(file).not.toContain("9988776");
    expect(statSync(auditPath).mode & 0o777).toBe(0o600);
  });

  it("a failed write is one line too, with its outcome", async () => {
    const client = await h.client(frontdesk);
    const before = auditLines().length;
    const r = (await client.callTool({
      name: "cancel_appointment",
      arguments: { appointmentId: `ed${"0".repeat(30)}`, confirm: true },
    })) as CallToolResult;
    expect(r.isError).toBe(true);
    const added = auditLines().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ caller: "frontdesk", tool: "cancel_appointment" });
    expect(["failed", "refused"]).toContain(added[0]?.outcome);
  });
});
