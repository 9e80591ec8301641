import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { TOOLS } from "../../src/tools/registry.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

/** The tools/list budget of the protocol issue (14): every conversation pays it. */
const TOOLS_LIST_BUDGET = 14_000;
/**
 * Each tool's listed JSON, in bytes. Measured sizes (issue 15) plus headroom of about 15-20%
 * (at least ~90 bytes) for a described field or a clearer sentence; a tool that outgrows its
 * budget should first say the same in fewer words. Sum: 12,450, which leaves 1,550 bytes of
 * the overall budget for new tools and icons.
 */
const TOOL_BUDGETS: Record<string, number> = {
  get_organization: 600, // 513
  list_organizations: 700, // 596 (issue 14: the read tool added as one file, one line, one snapshot)
  list_locations: 500, // 424
  list_staff: 500, // 408
  list_services: 500, // 419
  find_free_slots: 1_150, // 958
  find_customers: 650, // 563
  get_customer: 650, // 528
  add_customer: 1_450, // 1,253
  update_customer: 1_550, // 1,331
  book_appointment: 1_350, // 1,142
  get_appointment: 600, // 506
  list_appointments: 850, // 724
  move_appointment: 750, // 632
  cancel_appointment: 650, // 558
};

const writeTools = TOOLS.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
const readTools = TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name);

describe("safety switches and the tools/list budget", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const listed = async () => (await h.client.listTools()).tools.map((t) => t.name);

  it("lists every tool by default within the 14,000-byte tools/list budget and each tool within its own", async () => {
    await h.reconnect({ organizationId: SANDBOX_ORGANIZATIONS.acme });
    const list = await h.client.listTools();
    expect(list.tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    const bytes = Buffer.byteLength(JSON.stringify(list));
    process.stderr.write(
      `tools/list (default configuration): ${bytes} bytes for ${list.tools.length} tools\n`,
    );
    expect(bytes).toBeLessThanOrEqual(TOOLS_LIST_BUDGET);
    const over = list.tools
      .map((t) => ({ name: t.name, bytes: Buffer.byteLength(JSON.stringify(t)) }))
      .filter((t) => t.bytes > (TOOL_BUDGETS[t.name] ?? 0));
    expect(over).toEqual([]);
    // The per-tool budgets leave room for the listing's envelope within the overall budget.
    const sum = Object.values(TOOL_BUDGETS).reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(TOOLS_LIST_BUDGET - 500);
  });

  it("read-only mode lists no write tool, and calling one is an unknown tool", async () => {
    await h.reconnect({ organizationId: SANDBOX_ORGANIZATIONS.acme, tools: { readOnly: true } });
    expect(writeTools.length).toBeGreaterThan(0);
    expect(await listed()).toEqual(readTools);
    const before = h.sandbox.addedCustomers(SANDBOX_ORGANIZATIONS.acme).length;
    const result = await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Tool add_customer not found/);
    expect(h.sandbox.addedCustomers(SANDBOX_ORGANIZATIONS.acme)).toHaveLength(before);
    // Read tools still work.
    expect((await h.call("find_customers", { query: "Lovelace" })).isError).toBeFalsy();
  });

  it("read-only mode says so in the server instructions and offers no booking prompt", async () => {
    await h.reconnect({ organizationId: SANDBOX_ORGANIZATIONS.acme, tools: { readOnly: true } });
    expect(h.client.getInstructions()).toMatch(/This server is read-only/);
    const capabilities = h.client.getServerCapabilities();
    expect(capabilities?.prompts).toBeDefined();
    expect((await h.client.listPrompts()).prompts).toEqual([]);
    await h.reconnect({ organizationId: SANDBOX_ORGANIZATIONS.acme });
    expect(h.client.getInstructions()).not.toMatch(/read-only/);
  });

  it("toolsets keep only those groups", async () => {
    await h.reconnect({
      organizationId: SANDBOX_ORGANIZATIONS.acme,
      tools: { toolsets: ["customers"] },
    });
    expect(await listed()).toEqual(
      TOOLS.filter((t) => t.toolset === "customers").map((t) => t.name),
    );
    const result = await h.call("get_organization");
    expect(textOf(result)).toMatch(/Tool get_organization not found/);
  });

  it("toolsets and read-only combine", async () => {
    await h.reconnect({
      organizationId: SANDBOX_ORGANIZATIONS.acme,
      tools: { toolsets: ["customers", "organization"], readOnly: true },
    });
    expect(await listed()).toEqual([
      "get_organization",
      "list_organizations",
      "list_locations",
      "list_staff",
      "find_customers",
      "get_customer",
    ]);
  });
});

describe("a selection that leaves no tool", () => {
  it("answers tools/list with an empty list", async () => {
    const h = await startHarness({ tools: { toolsets: [] } });
    try {
      expect((await h.client.listTools()).tools).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
