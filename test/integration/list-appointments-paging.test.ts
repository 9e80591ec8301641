import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const A = SANDBOX_BOOKING.acme;
// Monday 2026-03-23, 08:00 in Berlin.
const MONDAY_8AM = Date.parse("2026-03-23T07:00:00Z");

// biome-ignore lint/suspicious/noExplicitAny: structured results are inspected field by field
type Json = any;
const data = (r: CallToolResult): Json => r.structuredContent;

describe("list_appointments paging with canceled ones left out", () => {
  let h: Harness;
  let customerId: string;
  const ids: string[] = [];

  // 27 bookings of one customer over three days (more than one upstream page of 25), 3 canceled.
  beforeAll(async () => {
    h = await startHarness();
    h.sandbox.reset();
    h.sandbox.clock.set(MONDAY_8AM);
    const added = await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    customerId = data(added).customer.id;
    for (const day of ["2026-03-24", "2026-03-25", "2026-03-26"]) {
      for (const staffId of [A.maria, A.jonas]) {
        const found = await h.call("find_free_slots", {
          serviceId: A.haircut,
          from: day,
          staffId,
          detail: true,
        });
        const slots: Json[] = data(found).slots.map((t: Json) => ({ id: t.options[0].slotId }));
        // Every second slot: a 30-minute haircut blocks the next 15-minute start.
        for (let i = 0; i < slots.length && ids.length < 27; i += 2) {
          const r = await h.call("book_appointment", { slotId: slots[i].id, customerId });
          if (!r.isError) ids.push(data(r).appointment.id);
        }
      }
    }
    for (const id of ids.slice(0, 3)) {
      await h.call("cancel_appointment", { appointmentId: id, confirm: true });
    }
  });
  afterAll(() => h.close());

  it("has booked 27 and canceled 3", () => {
    expect(ids).toHaveLength(27);
    const rows = h.sandbox.appointments(SANDBOX_ORGANIZATIONS.acme);
    expect(rows.filter((r) => r.canceled)).toHaveLength(3);
  });

  it("by customer: progress counts the upstream pages, the total known before the first is reported", async () => {
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    await h.client.callTool({ name: "list_appointments", arguments: { customerId } }, undefined, {
      onprogress: (p) => void seen.push(p),
    });
    expect(seen).toEqual([
      { progress: 1, total: 2, message: "read a page of the customer's appointments (1 of 2)" },
      { progress: 2, total: 2, message: "read a page of the customer's appointments (2 of 2)" },
    ]);
  });

  it("by customer: total, hasMore and pages count only live appointments", async () => {
    const one = data(await h.call("list_appointments", { customerId }));
    const two = data(await h.call("list_appointments", { customerId, page: 2 }));
    expect({ total: one.total, hasMore: one.hasMore, shown: one.appointments.length }).toEqual({
      total: 24,
      hasMore: false,
      shown: 24,
    });
    expect({ total: two.total, hasMore: two.hasMore, shown: two.appointments.length }).toEqual({
      total: 24,
      hasMore: false,
      shown: 0,
    });
    const statuses = new Set(one.appointments.map((a: Json) => a.status));
    expect([...statuses]).toEqual(["booked"]);
  });

  it("by customer with canceled ones: bookingtime's own paging, 25 + 2", async () => {
    const one = data(await h.call("list_appointments", { customerId, includeCanceled: true }));
    const two = data(
      await h.call("list_appointments", { customerId, includeCanceled: true, page: 2 }),
    );
    expect([one.total, one.hasMore, one.appointments.length]).toEqual([27, true, 25]);
    expect([two.total, two.hasMore, two.appointments.length]).toEqual([27, false, 2]);
  });

  it("by date range: total and hasMore match what the pages show", async () => {
    const range = { from: "2026-03-24", to: "2026-03-26" };
    const one = await h.call("list_appointments", range);
    expect(one.isError, textOf(one)).toBeFalsy();
    const two = data(await h.call("list_appointments", { ...range, page: 2 }));
    expect([data(one).total, data(one).hasMore, data(one).appointments.length]).toEqual([
      24,
      false,
      24,
    ]);
    expect([two.total, two.hasMore, two.appointments.length]).toEqual([24, false, 0]);
    const all = data(await h.call("list_appointments", { ...range, includeCanceled: true }));
    expect([all.total, all.hasMore, all.appointments.length]).toEqual([27, true, 25]);
  });
});
