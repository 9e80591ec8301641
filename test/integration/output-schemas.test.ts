import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { TOOLS } from "../../src/tools/registry.js";
import { ICONS } from "../../src/tools/support/icons.js";
import { bookingSteps, type Json, useBookingHarness } from "../helpers/booking.js";
import { type Harness, textOf } from "../helpers/harness.js";
import { outputValidators } from "../helpers/output-schema.js";

/**
 * Every tool's results, in the forms they take (lists, empty answers with their reason, refusals
 * for want of a confirmation, repeats, a cut result, bookingtime's messages, the error result
 * that offers the nearest free times), checked against the
 * outputSchema tools/list gave: as listed, and closed, so that no field a result carries goes
 * unnamed. The SDK client checks each result against the listed schema too (the harness lists the
 * tools first); this test also proves the closed form and that every tool was seen.
 */
const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;

let h: Harness;
const { customer, slots } = bookingSteps(() => h);
useBookingHarness((harness) => {
  h = harness;
});

type Validators = ReturnType<typeof outputValidators>;
let validators: Map<string, Validators>;
const seen = new Map<string, Set<string>>();

beforeAll(async () => {
  const { tools } = await h.client.listTools();
  validators = new Map(
    tools.map((t) => [t.name, outputValidators(t.outputSchema as Record<string, unknown>)]),
  );
});

/**
 * Calls a tool, expects a result (or, with `refusal`, an error result that carries data) and
 * checks its structuredContent against the listed schema, as a client does with both.
 */
async function checked(
  name: string,
  args: Record<string, unknown> = {},
  refusal = false,
): Promise<Json> {
  const r = (await h.call(name, args)) as CallToolResult;
  expect(r.isError ?? false, textOf(r)).toBe(refusal);
  const v = validators.get(name);
  if (!v) throw new Error(`${name} is not listed`);
  const value = r.structuredContent;
  expect(v.listed(value), JSON.stringify(v.listed.errors)).toBe(true);
  expect(v.complete(value), `${name}: ${JSON.stringify(v.complete.errors)}`).toBe(true);
  const fields = seen.get(name) ?? new Set<string>();
  for (const key of Object.keys(value ?? {})) fields.add(key);
  seen.set(name, fields);
  return value;
}

describe("every result validates against its tool's listed outputSchema", () => {
  it("read tools, in their forms", async () => {
    await checked("get_organization");
    await checked("get_organization", { view: "full" });
    await checked("list_organizations");
    await checked("list_organizations", { search: "zzz-no-such" });
    await checked("list_locations");
    await checked("list_staff");
    await checked("list_services");
    await checked("find_free_slots", { serviceId: A.haircut, from: "2026-03-23" });
    await checked("find_free_slots", { serviceId: A.haircut, from: "2026-03-24", detail: true });
    await checked("find_free_slots", { serviceId: A.haircut });
    // Sunday: closed, with the reason and the booking window.
    const closed = await checked("find_free_slots", { serviceId: A.haircut, from: "2026-03-29" });
    expect(closed.reason).toBeDefined();
    const beyond = await checked("find_free_slots", { serviceId: A.haircut, from: "2027-06-01" });
    expect(beyond.bookingWindow).toBeDefined();
    await checked("find_customers", { query: "" });
    await checked("find_customers", { query: "nobody-by-this-name" });
  });

  it("customer and appointment writes, with their refusals and repeats", async () => {
    const added = await checked("add_customer", {
      firstName: "Grace",
      lastName: "Hopper",
      email: "grace@example.com",
      customId: "crm-1906",
    });
    const again = await checked("add_customer", {
      firstName: "Grace",
      lastName: "Hopper",
      customId: "crm-1906",
    });
    expect(again.created).toBe(false);
    const id = added.customer.id;
    await checked("get_customer", { customerId: id });
    await checked("get_customer", { customId: "crm-1906" });
    const refused = await checked("update_customer", { customerId: id, mobile: "+49 170 1" });
    expect(refused.reason).toBeDefined();
    await checked("update_customer", { customerId: id, mobile: "+49 170 1", confirm: true });

    const [slot, other] = await slots({ from: "2026-03-24" });
    const booked = await checked("book_appointment", { slotId: slot.id, customerId: id });
    await checked("book_appointment", { slotId: slot.id, customerId: id });
    await checked("book_appointment", {
      serviceId: A.haircut,
      date: "2026-03-25",
      start: "10:00",
      customerId: await customer("Byron"),
      idempotencyKey: "k-1",
    });
    // Sunday: closed, so the nearest free times come back with the refusal.
    const notFree = await checked(
      "book_appointment",
      { serviceId: A.haircut, date: "2026-03-29", start: "10:00", customerId: id },
      true,
    );
    expect(notFree.alternatives.days.length).toBeGreaterThan(0);
    const appointmentId = booked.appointment.id;
    await checked("get_appointment", { appointmentId });
    await checked("list_appointments", { from: "2026-03-23", to: "2026-03-27" });
    await checked("list_appointments", { customerId: id });
    await checked("list_appointments", { customerId: id, includeCanceled: true });
    const notMoved = await checked("move_appointment", { appointmentId, slotId: other.id });
    expect(notMoved.reason).toBeDefined();
    await checked("move_appointment", { appointmentId, slotId: other.id, confirm: true });
    await checked("cancel_appointment", { appointmentId });
    await checked("cancel_appointment", { appointmentId, confirm: true });
    const already = await checked("cancel_appointment", { appointmentId, confirm: true });
    expect(already.alreadyCanceled).toBe(true);
  });

  it("a result cut to the result budget (truncated, truncation)", async () => {
    h.sandbox.failNext({
      status: 200,
      match: { method: "GET", pathIncludes: `/organization/${acme}/show` },
      body: {
        messageList: [],
        content: {
          id: acme,
          name: "ACME",
          description: "x".repeat(40_000),
          notes: Array.from({ length: 400 }, (_, i) => `note ${i} ${"y".repeat(80)}`),
        },
      },
    });
    const cut = await checked("get_organization", { view: "full" });
    expect(cut.truncated).toBe(true);
    expect(cut.truncation.cuts.length).toBeGreaterThan(0);
  });

  it("a result with bookingtime's messages beside usable content", async () => {
    h.sandbox.failNext({
      status: 200,
      match: { method: "GET", pathIncludes: `/organization/${acme}/show` },
      body: {
        messageList: [
          { class: "MESSAGE", type: "error", parameter: null, text: "Some fields are hidden." },
        ],
        content: { id: acme, name: "ACME" },
      },
    });
    const said = await checked("get_organization");
    expect(said.bookingtimeMessages).toEqual(["Some fields are hidden."]);
  });

  it("the harness's SDK client checks every scenario's results: it holds a validator per tool", async () => {
    // Private in the SDK's types; it is what callTool uses (client/index.js), filled by listTools.
    type Check = (value: unknown) => { valid: boolean };
    const client = h.client as unknown as {
      getToolOutputValidator(name: string): Check | undefined;
    };
    for (const tool of TOOLS)
      expect(client.getToolOutputValidator(tool.name), tool.name).toBeDefined();
    const check = client.getToolOutputValidator("find_customers");
    const good = await checked("find_customers", { query: "" });
    expect(check?.(good).valid).toBe(true);
    expect(check?.({ ...good, hasMore: "no" }).valid).toBe(false);
  });

  it("saw every tool, and the server and each listed tool carry the icon", async () => {
    expect([...seen.keys()].sort()).toEqual(TOOLS.map((t) => t.name).sort());
    expect(h.client.getServerVersion()?.icons).toEqual(ICONS);
    for (const tool of (await h.client.listTools()).tools) expect(tool.icons).toEqual(ICONS);
  });
});
