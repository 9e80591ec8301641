import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ContractHarness, contractHarness, data, textOf } from "./harness.js";
import { envelope, ok, Upstream } from "./upstream.js";

// bookingtime's own app.organization_show has neither settings nor timeZone: tools that list
// slots or appointments read them in the zone the list carries, and say so.

const BEFORE_2024 = Date.parse("2023-12-31T12:00:00Z");
const TEMPLATE = "fcqhymewL9S19V6xBLLn4nC7qD4dSRIY"; // module.bookingTemplate_show

let up: Upstream;
let h: ContractHarness;

beforeEach(async () => {
  up = await new Upstream().start();
  up.on("GET", /^show$/, ok(envelope("app", "organization_show")));
  up.on("GET", /^bookingTemplate\/fc\w+\/show$/, ok(envelope("module", "bookingTemplate_show")));
  h = await contractHarness(up, { now: BEFORE_2024 });
});
afterEach(async () => {
  await h.close();
  await up.close();
});

const apiGets = () => up.requests.filter((r) => r.method === "GET").map((r) => r.path);

describe("an organization record that names no time zone (app.organization_show)", () => {
  it("find_free_slots reads module.bookingSlot_listDay in the list's zone and says so", async () => {
    up.on(
      "GET",
      /bookingSlot\/year\/2024\/month\/1\/day\/1\/listDay$/,
      ok(envelope("module", "bookingSlot_listDay")),
    );
    const r = await h.call("find_free_slots", { serviceId: TEMPLATE, from: "2024-01-01" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({
      timeZone: "Europe/Berlin",
      total: 2,
      days: [{ date: "2024-01-01", times: ["19:15 S1", "19:30 S1"] }],
    });
    expect(data(r).timeZoneNote).toContain(
      "organization record names no time zone; times are read in Europe/Berlin, the zone bookingtime gave with the free-slot list",
    );
    expect(textOf(r)).toContain("names no time zone");
    // The day was asked for once: the answer that named the zone is the one read.
    expect(apiGets().filter((p) => p.endsWith("/listDay"))).toHaveLength(1);
  });

  it("find_free_slots without from reads bookingSlot/earliest in its zone", async () => {
    const day = envelope("module", "bookingSlot_listDay");
    up.on("GET", /bookingSlot\/earliest$/, ok(day));
    const r = await h.call("find_free_slots", { serviceId: TEMPLATE, detail: true });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).slots[0].start).toBe("2024-01-01T19:15:00+01:00");
    expect(data(r).timeZoneNote).toContain("read in Europe/Berlin");
  });

  it("list_appointments reads app.appointment_listMonth in the RANGE_LIST's zone", async () => {
    up.on(
      "GET",
      /^appointment\/year\/2024\/month\/1\/listMonth$/,
      ok(envelope("app", "appointment_listMonth")),
    );
    const r = await h.call("list_appointments", { from: "2024-01-01", to: "2024-01-31" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ timeZone: "Europe/Berlin", appointments: [], total: 0 });
    expect(data(r).timeZoneNote).toContain("the zone bookingtime gave with the appointment list");
    expect(textOf(r)).toMatch(
      /^0 appointment\(s\) from 2024-01-01 to 2024-01-31 \(Europe\/Berlin;/,
    );
  });

  it("list_appointments takes an appointment's own timeZone when the list names none", async () => {
    const added = envelope("module", "appointment_add").content;
    const month = envelope("app", "appointment_listMonth");
    const { timeZone: _, ...noZone } = month.content;
    up.on(
      "GET",
      /^appointment\/year\/2024\/month\/1\/listMonth$/,
      ok({ ...month, content: { ...noZone, list: [added] } }),
    );
    const r = await h.call("list_appointments", { from: "2024-01-01", to: "2024-01-31" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).timeZone).toBe(added.timeZone);
    expect(data(r).timeZoneNote).toContain(`read in ${added.timeZone}`);
  });

  it("when nothing names a zone: an error saying what to check, not a guess", async () => {
    const month = envelope("app", "appointment_listMonth");
    const { timeZone: _, ...noZone } = month.content;
    up.on(
      "GET",
      /^appointment\/year\/2024\/month\/1\/listMonth$/,
      ok({ ...month, content: noZone }),
    );
    const r = await h.call("list_appointments", { from: "2024-01-01", to: "2024-01-31" });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain(
      "bookingtime named no time zone for this organization: not in its settings (settings.timeZone), not on its record (timeZone), and not on the appointment list.",
    );
    expect(textOf(r)).toMatch(/\nWhat to do: Set the organization's time zone in bookingtime/);
  });
  it("book_appointment by time reads HH:MM in the free-slot list's zone", async () => {
    up.on(
      "GET",
      /bookingSlot\/year\/2024\/month\/1\/day\/1\/listDay$/,
      ok(envelope("module", "bookingSlot_listDay")),
    );
    up.on("GET", /^appointment\/.+\/identify$/, {
      status: 404,
      body: { messageList: [], content: null },
    });
    up.on("POST", /^appointment\/add$/, ok(envelope("module", "appointment_add"), 201));
    const r = await h.call("book_appointment", {
      serviceId: TEMPLATE,
      date: "2024-01-01",
      start: "19:15",
      customerId: "d3AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    const add = up.api().find((q) => q.route === "appointment/add");
    // 19:15 in Europe/Berlin is the fixture's 18:15 UTC slot.
    expect(JSON.parse(add?.body ?? "{}").bookingSlotId).toBe("4fvUBhUhH7XZPYafIIIL2UZ36ytUORmh");
  });
});
