import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_BOOKING } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const A = SANDBOX_BOOKING.acme;
const G = SANDBOX_BOOKING.globex;
// Monday 2026-03-23, 08:00 in Berlin. ACME: lead time 120 min, bookable 14 days ahead, closed at weekends.
const MONDAY_8AM = Date.parse("2026-03-23T07:00:00Z");

// biome-ignore lint/suspicious/noExplicitAny: structured results are inspected field by field
type Json = any;
const data = (r: CallToolResult): Json => r.structuredContent;
const slotRequests = () => h.sandbox.requests.filter((r) => r.path.includes("/bookingSlot/"));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sandbox.reset();
  h.sandbox.clock.set(MONDAY_8AM);
});

const find = (args: Record<string, unknown>) =>
  h.call("find_free_slots", { serviceId: A.haircut, ...args });

describe("find_free_slots says why it found nothing", () => {
  it("refuses a range wholly in the past, naming today in the organization's zone", async () => {
    const r = await find({ from: "2026-03-20", to: "2026-03-21" });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/wholly in the past: today is Mon 2026-03-23 \(Europe\/Berlin\)/);
    expect(slotRequests()).toHaveLength(0);
  });

  it("beyond the booking window: reason and the bookable window", async () => {
    const r = await find({ from: "2026-04-10", to: "2026-04-12" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({
      days: [],
      total: 0,
      reason: "beyond_booking_window",
      bookingWindow: { from: "2026-03-23T10:00:00+01:00", to: "2026-04-06" },
      today: "Mon 2026-03-23",
    });
    expect(textOf(r)).toMatch(
      /outside the booking window \(bookable from 2026-03-23T10:00:00\+01:00 to 2026-04-06\)/,
    );
  });

  it("inside the lead time counts as outside the booking window", async () => {
    const r = await find({ from: "2026-03-23T08:00:00+01:00", to: "2026-03-23T09:30:00+01:00" });
    expect(data(r)).toMatchObject({ total: 0, reason: "beyond_booking_window" });
  });

  it("closed days: reason closed with the dates", async () => {
    const r = await find({ from: "2026-03-28", to: "2026-03-29" });
    expect(data(r)).toMatchObject({
      total: 0,
      reason: "closed",
      closed: ["2026-03-28", "2026-03-29"],
      bookingWindow: { to: "2026-04-06" },
    });
    expect(textOf(r)).toMatch(/closed on 2026-03-28, 2026-03-29/);
  });

  it("fully booked: every time taken", async () => {
    // Tuesday 2026-03-24 09:00-09:30 with Jonas only, then book it.
    const range = { from: "2026-03-24T09:00:00+01:00", to: "2026-03-24T09:30:00+01:00" };
    const before = data(await find({ ...range, staffId: A.jonas, detail: true }));
    const add = await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    await h.call("book_appointment", {
      slotId: before.slots[0].options[0].slotId,
      customerId: data(add).customer.id,
    });
    const r = await find({ ...range, staffId: A.jonas });
    expect(data(r)).toMatchObject({ total: 0, reason: "fully_booked" });
  });

  it("refuses a staffId that does not perform the service, listing who does", async () => {
    const r = await h.call("find_free_slots", {
      serviceId: A.consultation,
      from: "2026-03-24",
      staffId: A.maria,
    });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/does not perform "Style consultation"/);
    expect(textOf(r)).toContain(`${A.jonas} ("Jonas Weber")`);
    expect(slotRequests()).toHaveLength(0);
  });

  it("refuses a staffId of another organization, with the organizationId hint", async () => {
    const r = await find({ from: "2026-03-24", staffId: G.hank });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/not staff of this organization/);
    expect(textOf(r)).toMatch(/pass the organizationId you used/);
    expect(textOf(r)).toContain(`${A.maria} ("Maria Schmidt")`);
  });
});
