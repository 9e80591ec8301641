import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
  SLOT_TTL_MS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { type EmulatorClient, emulatorClient, type Json } from "../helpers/emulator-client.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;
// Monday 2026-03-23, 08:00 in Berlin (UTC+1).
const MONDAY_8AM = Date.parse("2026-03-23T07:00:00Z");
const ADA = "d3AcmeCust0000000000000000000003";
const DAY_24 = `bookingTemplate/${A.haircut}/bookingSlot/year/2026/month/3/day/24/listDay`;

/** The keys of the only APPOINTMENT sample bookingtime publishes (sdk-mocks.json, module:appointment_add). */
const SDK_APPOINTMENT_KEYS = [
  "0",
  "address",
  "bookingResourceList",
  "canceled",
  "class",
  "currency",
  "customId",
  "customer",
  "description",
  "descriptionI18nList",
  "duration",
  "end",
  "fileList",
  "id",
  "moved",
  "name",
  "nameI18nList",
  "organizationId",
  "priceGross",
  "protected",
  "showPrice",
  "start",
  "taxRate",
  "timeZone",
];
const UTC_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

let sandbox: Sandbox;
let api: EmulatorClient;

function expectClientError(reply: { status: number; json: Json }, parameter?: string) {
  expect(reply.status).toBe(400);
  expect(reply.json.content).toBeNull();
  expect(reply.json.messageList.length).toBeGreaterThan(0);
  for (const message of reply.json.messageList) {
    expect(message).toMatchObject({ class: "MESSAGE", type: "error" });
  }
  if (parameter !== undefined) {
    expect(reply.json.messageList.map((m: Json) => m.parameter)).toContain(parameter);
  }
}

async function book(extra: Record<string, unknown> = {}) {
  const slot = (await api.send("GET", DAY_24)).json.content.list[0];
  return api.send("POST", "appointment/add", {
    bookingSlotId: slot.id,
    customerId: ADA,
    ...extra,
  });
}

beforeAll(async () => {
  sandbox = await Sandbox.start({ shapes: "sdk" });
  api = emulatorClient(sandbox, acme);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  sandbox.clock.set(MONDAY_8AM);
  await api.login();
});

describe("sdk shapes: reads", () => {
  it("gives LISTs a numeric-string recordTotal and templates '' for empty translations", async () => {
    const templates = await api.send("GET", "bookingTemplate/list");
    expect(templates.status).toBe(200);
    expect(templates.json.messageList).toEqual([
      { class: "MESSAGE", type: "success", parameter: null, text: "" },
    ]);
    const { content } = templates.json;
    expect(content.recordTotal).toBe(String(content.recordList.length));
    expect(content.recordList[0]).toMatchObject({
      class: "BOOKING_TEMPLATE",
      nameI18nList: "",
      address: null,
    });
    const resources = await api.send("GET", "bookingResource/list");
    expect(resources.json.content.recordTotal).toMatch(/^\d+$/);
    const branches = await api.send("GET", "organization/list");
    expect(branches.json.content.recordTotal).toBe("3");
    const shown = await api.send("GET", `bookingTemplate/${A.haircut}/show`);
    expect(shown.json.content.nameI18nList).toBe("");
  });

  it("writes slot times in UTC (+00:00), as the SDK's slot mocks", async () => {
    const day = await api.send("GET", DAY_24);
    const { content } = day.json;
    expect(content).toMatchObject({
      class: "RANGE_LIST",
      timeZone: "Europe/Berlin",
      // Local midnight in Berlin (UTC+1), written in UTC.
      rangeStart: "2026-03-23T23:00:00+00:00",
    });
    expect(content.list.length).toBeGreaterThan(0);
    // The first haircut slot: 09:00 in Berlin.
    expect(content.list[0]).toMatchObject({
      class: "BOOKING_SLOT",
      timestamp: "2026-03-24T08:00:00+00:00",
    });
    for (const slot of content.list) expect(slot.timestamp).toMatch(/\+00:00$/);
  });

  it("answers bookingSlot/earliest with one BOOKING_SLOT, which can be booked", async () => {
    const earliest = await api.send("GET", `bookingTemplate/${A.haircut}/bookingSlot/earliest`);
    expect(earliest.status).toBe(200);
    expect(earliest.json.content).toMatchObject({ class: "BOOKING_SLOT" });
    expect(earliest.json.content.timestamp).toMatch(/\+00:00$/);
    expect(Array.isArray(earliest.json.content)).toBe(false);
    const booked = await api.send("POST", "appointment/add", {
      bookingSlotId: earliest.json.content.id,
      customerId: ADA,
    });
    expect(booked.status).toBe(201);
  });
});

describe("sdk shapes: the APPOINTMENT", () => {
  it("has exactly the keys of the SDK mock: DateTime objects in UTC, customer [], no notes", async () => {
    const booked = await book({ customId: "sdk-1", notes: "kept, but not shown" });
    expect(booked.status).toBe(201);
    expect(booked.json.messageList[0]).toMatchObject({ type: "success" });
    const appointment = booked.json.content;
    expect(Object.keys(appointment).sort()).toEqual(SDK_APPOINTMENT_KEYS);
    expect(appointment).toMatchObject({
      class: "APPOINTMENT",
      customId: "sdk-1",
      start: { date: "2026-03-24 08:00:00.000000", timezone_type: 3, timezone: "UTC" },
      end: { date: "2026-03-24 08:30:00.000000", timezone_type: 3, timezone: "UTC" },
      customer: [],
      nameI18nList: [],
      "0": 99,
      timeZone: "Europe/Berlin",
    });
    expect(appointment.start.date).toMatch(UTC_DATETIME);
    expect(sandbox.appointments(acme)[0]?.notes).toBe("kept, but not shown");
  });

  it("uses the same shape on show, identify, move, cancel and in lists", async () => {
    const id = (await book({ customId: "sdk-2" })).json.content.id;
    const target = (await api.send("GET", DAY_24)).json.content.list[2];
    const replies = [
      await api.send("GET", `appointment/${id}/show`),
      await api.send("GET", "appointment/sdk-2/identify"),
      await api.send("PUT", `appointment/${id}/move`, { bookingSlotId: target.id }),
      await api.send("PUT", `appointment/${id}/cancel`),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.json.content).sort()).toEqual(SDK_APPOINTMENT_KEYS);
      expect(reply.json.content.start.timezone).toBe("UTC");
    }
    const month = await api.send("GET", "appointment/year/2026/month/3/listMonth");
    expect(Object.keys(month.json.content.list[0]).sort()).toEqual(SDK_APPOINTMENT_KEYS);
    // Appointment lists keep the organization's offset, as the SDK's appointment_listMonth mock.
    expect(month.json.content.rangeStart).toBe("2026-03-01T00:00:00+01:00");
  });
});

describe("sdk shapes: every client error is a 400 with an error message", () => {
  it("refuses a duplicate customId and books nothing", async () => {
    expect((await book({ customId: "twice" })).status).toBe(201);
    expectClientError(await book({ customId: "twice" }), "customId");
    expect(sandbox.appointments(acme)).toHaveLength(1);
  });

  it("refuses a taken, spent, expired or unknown slot", async () => {
    const [first] = (await api.send("GET", DAY_24)).json.content.list;
    const body = { bookingSlotId: first.id, customerId: ADA };
    expect((await api.send("POST", "appointment/add", body)).status).toBe(201);
    expectClientError(await api.send("POST", "appointment/add", body), "bookingSlotId");
    const stale = (await api.send("GET", DAY_24)).json.content.list[5];
    sandbox.clock.advance(SLOT_TTL_MS + 1);
    // Access tokens live 300 s, slot ids 10 minutes: a new token for the expired slot.
    await api.login();
    expectClientError(
      await api.send("POST", "appointment/add", { bookingSlotId: stale.id, customerId: ADA }),
      "bookingSlotId",
    );
    expectClientError(
      await api.send("POST", "appointment/add", {
        bookingSlotId: `4f${"x".repeat(30)}`,
        customerId: ADA,
      }),
      "bookingSlotId",
    );
  });

  it("refuses missing and unexpected fields, bad values and unknown records", async () => {
    expectClientError(await api.send("POST", "appointment/add", { customerId: ADA }));
    expectClientError(await api.send("POST", "customer/add", { firstName: "Ada" }), "lastName");
    expectClientError(await api.send("GET", `appointment/ed${"z".repeat(30)}/show`));
    expectClientError(await api.send("GET", `customer/d3${"z".repeat(30)}/show`));
    expectClientError(await api.send("GET", `bookingTemplate/fc${"z".repeat(30)}/show`));
    expectClientError(await api.send("GET", "appointment/year/2026/month/13/listMonth"));
    const taken = await api.send("POST", "customer/add", {
      firstName: "Ada",
      lastName: "Twice",
      customId: "crm-1815",
    });
    expectClientError(taken, "customId");
  });

  it("answers an identify miss with 200, no content and an error message", async () => {
    const miss = await api.send("GET", "appointment/nothing/identify");
    expect(miss.status).toBe(200);
    expect(miss.json.content).toBeNull();
    expect(miss.json.messageList[0]).toMatchObject({ type: "error", parameter: "customId" });
  });

  it("keeps 401 for a missing token", async () => {
    const reply = await api.send("GET", "show", undefined, { auth: false });
    expect(reply.status).toBe(401);
    expect(reply.json.messageList[0].type).toBe("error");
  });

  it("writes German texts for de in sdk shapes too", async () => {
    await book({ customId: "de-sdk" });
    const slot = (await api.send("GET", DAY_24)).json.content.list[3];
    const reply = await api.send(
      "POST",
      "appointment/add",
      { bookingSlotId: slot.id, customerId: ADA, customId: "de-sdk" },
      { locale: "de" },
    );
    expectClientError(reply, "customId");
    expect(reply.json.messageList[0].text).toBe(
      "Ein Termin mit dieser customId existiert bereits.",
    );
  });
});

describe("default shapes stay as they were", () => {
  it("answers ISO strings with offsets, customer objects, notes and numeric recordTotal", async () => {
    const plain = await Sandbox.start();
    try {
      plain.clock.set(MONDAY_8AM);
      const client = emulatorClient(plain, acme);
      await client.login();
      const slot = (await client.send("GET", DAY_24)).json.content.list[0];
      expect(slot.timestamp).toBe("2026-03-24T09:00:00+01:00");
      const booked = await client.send("POST", "appointment/add", {
        bookingSlotId: slot.id,
        customerId: ADA,
      });
      expect(booked.json.content).toMatchObject({
        start: "2026-03-24T09:00:00+01:00",
        customer: { class: "CUSTOMER_SHORT", id: ADA },
        notes: "",
        customId: "",
      });
      expect(booked.json.content).not.toHaveProperty("0");
      const list = await client.send("GET", "bookingTemplate/list");
      expect(typeof list.json.content.recordTotal).toBe("number");
      expect(list.json.messageList).toEqual([]);
      const earliest = await client.send(
        "GET",
        `bookingTemplate/${A.haircut}/bookingSlot/earliest`,
      );
      expect(earliest.json.content.class).toBe("RANGE_LIST");
    } finally {
      await plain.close();
    }
  });
});
