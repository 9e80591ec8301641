import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ContractHarness, contractHarness, data, ORG, textOf } from "./harness.js";
import { envelope, ok, Upstream } from "./upstream.js";

// Every SDK mock in fixtures/, replayed through the real client and the tool that reads it.

const BEFORE_2024 = Date.parse("2023-12-31T12:00:00Z");
const TEMPLATE = "fcqhymewL9S19V6xBLLn4nC7qD4dSRIY"; // module.bookingTemplate_show
const CUSTOMER = "d3AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const APPOINTMENT = "edygISPvY4ovvVTms3oQuShyF6dOhAbb"; // module.appointment_add

/** organization/show where a tool needs the zone: module.organization_list's record has `timeZone`. */
function organizationWithZone() {
  const list = envelope("module", "organization_list");
  return { messageList: list.messageList, content: list.content.recordList[0] };
}

let up: Upstream;
let h: ContractHarness;

beforeEach(async () => {
  up = await new Upstream().start();
  up.on("GET", /^show$/, ok(organizationWithZone()));
  h = await contractHarness(up, { now: BEFORE_2024 });
});
afterEach(async () => {
  await h.close();
  await up.close();
});

describe("organization", () => {
  it("get_organization reads app.organization_show", async () => {
    up.on("GET", /^show$/, ok(envelope("app", "organization_show")));
    const r = await h.call("get_organization", { view: "full" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).organization).toMatchObject({
      id: "f6XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
      name: "Max Mustermann",
      customId: "ABC123-12345678",
    });
    expect(textOf(r)).toMatch(/^Organization "Max Mustermann", full API record\./);
  });

  it("list_locations reads app.organization_subOrganization_list", async () => {
    up.on("GET", /^organization\/list$/, ok(envelope("app", "organization_subOrganization_list")));
    const r = await h.call("list_locations");
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({
      organizationId: ORG,
      total: 2,
      locations: [
        { name: "Max Mustermann", customId: "ABC123-12345678", parentId: ORG },
        { name: "Maxi Musterfrau", customId: "DEF456-12345678", parentId: ORG },
      ],
    });
    expect(data(r).skipped).toBeUndefined();
    expect(textOf(r)).toMatch(/^2 locations: "Max Mustermann", "Maxi Musterfrau"\./);
  });

  it("list_staff reads module.bookingResource_list (recordTotal as a string)", async () => {
    up.on("GET", /^bookingResource\/list$/, ok(envelope("module", "bookingResource_list")));
    const r = await h.call("list_staff");
    expect(data(r)).toMatchObject({
      staff: [
        { id: "fcZ6DB6M96EavDTJusTVDRCz17YqQ0ss", name: "Mock-bookingResource", type: "EMPLOYEE" },
      ],
      total: 1,
    });
    expect(textOf(r)).toMatch(/^1 bookable staff member/);
  });
});

describe("services and slots", () => {
  it("list_services reads module.bookingTemplate_list (nameI18nList [], address [])", async () => {
    up.on("GET", /^bookingTemplate\/list$/, ok(envelope("module", "bookingTemplate_list")));
    const r = await h.call("list_services");
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).services).toEqual([
      {
        id: "fcF6qXNL5Zn49U2kYebuh8JnLmyUKpax",
        name: "Mock-bookingTemplate",
        durationMinutes: 120,
        price: 5.99,
        currency: "EUR",
        staff: [{ id: "br212n8zRpgWW2mIjaqipBTilAbFo5Rf", name: "Max Mustermann" }],
      },
    ]);
    expect(textOf(r)).toMatch(/^1 service\(s\)/);
  });

  function slotRoutes(unit: "listDay" | "listWeek" | "listMonth") {
    up.on("GET", /^bookingTemplate\/fc\w+\/show$/, ok(envelope("module", "bookingTemplate_show")));
    up.on(
      "GET",
      new RegExp(`^bookingTemplate/fc\\w+/bookingSlot/year/2024/.*/${unit}$`),
      ok(envelope("module", `bookingSlot_${unit}`)),
    );
  }

  it("find_free_slots reads module.bookingSlot_listDay ('+0:00', zone 'Europe\\/Berlin') with module.bookingTemplate_show", async () => {
    slotRoutes("listDay");
    const r = await h.call("find_free_slots", { serviceId: TEMPLATE, from: "2024-01-01" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({
      service: { id: TEMPLATE, name: "Mock-bookingTemplate", durationMinutes: 60 },
      timeZone: "Europe/Berlin",
      total: 2,
      staff: { S1: { id: "brXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" } },
      days: [{ date: "2024-01-01", times: ["19:15 S1", "19:30 S1"] }],
    });
    const detail = await h.call("find_free_slots", {
      serviceId: TEMPLATE,
      from: "2024-01-01",
      detail: true,
    });
    expect(data(detail)).toMatchObject({
      slots: [
        {
          start: "2024-01-01T19:15:00+01:00",
          end: "2024-01-01T20:15:00+01:00",
          options: [
            {
              slotId: "4fvUBhUhH7XZPYafIIIL2UZ36ytUORmh",
              staff: [{ id: "brXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" }],
            },
          ],
        },
        {
          start: "2024-01-01T19:30:00+01:00",
          options: [{ slotId: "4fUCwXoxTtJs7LyRJirMgQGForhcNAen" }],
        },
      ],
    });
    // The literal backslash is not a zone: the organization's is used, and the result says so.
    expect(data(r).timeZoneNote).toContain("'Europe\\/Berlin'");
    expect(textOf(r)).toContain("read in the organization's zone Europe/Berlin");
    expect(data(r).skipped).toBeUndefined();
  });

  it("find_free_slots reads module.bookingSlot_listWeek", async () => {
    slotRoutes("listWeek");
    const r = await h.call("find_free_slots", {
      serviceId: TEMPLATE,
      from: "2024-01-01",
      to: "2024-01-07",
      detail: true,
    });
    expect(data(r).slots.map((s: { start: string }) => s.start)).toEqual([
      "2024-01-01T19:15:00+01:00",
      "2024-01-02T19:30:00+01:00",
      "2024-01-03T19:45:00+01:00",
    ]);
    expect(textOf(r)).toMatch(/^3 free "Mock-bookingTemplate" time\(s\)/);
  });

  it("find_free_slots reads module.bookingSlot_listMonth", async () => {
    slotRoutes("listMonth");
    const r = await h.call("find_free_slots", {
      serviceId: TEMPLATE,
      from: "2024-01-01",
      to: "2024-01-31",
      detail: true,
    });
    expect(data(r).slots.map((s: { start: string }) => s.start)).toEqual([
      "2024-01-01T19:15:00+01:00",
      "2024-01-12T13:30:00+01:00",
      "2024-01-19T12:35:00+01:00",
    ]);
    expect(data(r).slots[2].options[0].slotId).toBe("4fPbzGGDhXJiJQWnZuXOHlMBK5N6tbHZ");
  });

  it.each([
    ["one BOOKING_SLOT", (e: { content: { list: unknown[] } }) => e.content.list[0]],
    ["a RANGE_LIST", (e: { content: unknown }) => e.content],
    [
      "a LIST",
      (e: { content: { list: unknown[] } }) => ({
        class: "LIST",
        recordTotal: "2",
        recordList: e.content.list,
      }),
    ],
  ])(
    "bookingSlot/earliest answered as %s (derived from module.bookingSlot_listDay)",
    async (_, shape) => {
      const day = envelope("module", "bookingSlot_listDay");
      up.on(
        "GET",
        /^bookingTemplate\/fc\w+\/show$/,
        ok(envelope("module", "bookingTemplate_show")),
      );
      up.on(
        "GET",
        /bookingSlot\/earliest$/,
        ok({ messageList: day.messageList, content: shape(day) }),
      );
      const r = await h.call("find_free_slots", { serviceId: TEMPLATE, detail: true });
      expect(r.isError, textOf(r)).toBeFalsy();
      expect(data(r).slots[0]).toMatchObject({
        start: "2024-01-01T19:15:00+01:00",
        options: [{ slotId: "4fvUBhUhH7XZPYafIIIL2UZ36ytUORmh" }],
      });
    },
  );
});

describe("appointments", () => {
  const added = () => envelope("module", "appointment_add");
  const VIEW = {
    id: APPOINTMENT,
    service: "Mock-Appointment",
    start: "2026-11-30T11:00:00+01:00",
    end: "2026-11-30T13:00:00+01:00",
    timeZone: "Europe/Berlin",
    durationMinutes: 120,
    staff: [],
    price: 34,
    currency: "EUR",
    status: "booked",
    moved: false,
  };

  it("book_appointment reads module.appointment_add (DateTime objects, customer [], no notes)", async () => {
    up.on("GET", /^appointment\/.+\/identify$/, {
      status: 404,
      body: {
        messageList: [{ class: "MESSAGE", type: "error", parameter: null, text: "x" }],
        content: null,
      },
    });
    up.on("POST", /^appointment\/add$/, ok(added(), 201));
    const r = await h.call("book_appointment", {
      slotId: "4fvUBhUhH7XZPYafIIIL2UZ36ytUORmh",
      customerId: CUSTOMER,
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    // The record carries no customer (`customer: []`): the view names the one the call booked for.
    expect(data(r).appointment).toEqual({ ...VIEW, customer: { id: CUSTOMER } });
    expect(data(r)).toMatchObject({ repeated: false, recovered: false });
    expect(textOf(r)).toMatch(
      /^Booked: "Mock-Appointment" for d3A+ on 2026-11-30T11:00:00\+01:00 \(Europe\/Berlin\), id edygISPvY4ovvVTms3oQuShyF6dOhAbb\./,
    );
    const add = up.api().find((q) => q.route === "appointment/add");
    expect(JSON.parse(add?.body ?? "{}")).toEqual({
      bookingSlotId: "4fvUBhUhH7XZPYafIIIL2UZ36ytUORmh",
      customerId: CUSTOMER,
      customId: data(r).customId,
    });
    expect(data(r).customId).toMatch(/^mcp-[A-Za-z0-9_-]{24}$/);
  });

  it("a repeat in a new process finds module.appointment_add by its customId and books nothing", async () => {
    up.on("GET", /^appointment\/.+\/identify$/, ok(added()));
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    const r = await h.call("book_appointment", {
      slotId: "4fvUBhUhH7XZPYafIIIL2UZ36ytUORmh",
      customerId: CUSTOMER,
      idempotencyKey: "order 4711/a",
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ repeated: true, appointment: VIEW });
    expect(textOf(r)).toMatch(/^Already booked by an earlier call with the same idempotencyKey/);
    expect(up.api().filter((q) => q.route === "appointment/add")).toHaveLength(0);
  });

  it("get_appointment reads module.appointment_add's record as appointment/show", async () => {
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    const r = await h.call("get_appointment", { appointmentId: APPOINTMENT });
    expect(data(r).appointment).toEqual(VIEW);
    expect(textOf(r)).toMatch(/^"Mock-Appointment" for unknown customer .*; booked\./);
  });

  it("list_appointments reads app.appointment_listMonth (empty RANGE_LIST)", async () => {
    up.on(
      "GET",
      /^appointment\/year\/2024\/month\/1\/listMonth$/,
      ok(envelope("app", "appointment_listMonth")),
    );
    const r = await h.call("list_appointments", { from: "2024-01-01", to: "2024-01-31" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ appointments: [], total: 0, hasMore: false });
    expect(textOf(r)).toMatch(
      /^0 appointment\(s\) from 2024-01-01 to 2024-01-31 \(Europe\/Berlin; today is \w{3} \d{4}-\d\d-\d\d\)\./,
    );
  });

  it("list_appointments of a customer reads app.appointment_indexDay (empty PAGINATION_LIST)", async () => {
    up.on(
      "GET",
      /^customer\/d3\w+\/appointment\/index\/1$/,
      ok(envelope("app", "appointment_indexDay")),
    );
    const r = await h.call("list_appointments", { customerId: CUSTOMER });
    expect(data(r)).toMatchObject({ appointments: [], total: 0, hasMore: false });
    expect(textOf(r)).toMatch(/^0 appointment\(s\) of this customer in all/);
  });
});
