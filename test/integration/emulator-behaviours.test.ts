import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type IdentifyMiss,
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import { type EmulatorClient, emulatorClient, type Json } from "../helpers/emulator-client.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;
// Monday 2026-03-23, 08:00 in Berlin.
const MONDAY_8AM = Date.parse("2026-03-23T07:00:00Z");
// A seeded ACME customer (fixtures/customers.json).
const ADA = "d3AcmeCust0000000000000000000003";
const AWKWARD_ID = "K&M/2026 a+b?c";

let sandbox: Sandbox;
let api: EmulatorClient;

async function slot(day: number, index = 0): Promise<string> {
  const route = `bookingTemplate/${A.haircut}/bookingSlot/year/2026/month/3/day/${day}/listDay`;
  const reply = await api.send("GET", route);
  expect(reply.status).toBe(200);
  return reply.json.content.list[index].id;
}

beforeAll(async () => {
  sandbox = await Sandbox.start();
  api = emulatorClient(sandbox, acme);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  sandbox.clock.set(MONDAY_8AM);
  await api.login();
});

describe("appointment/add with a customId (default shapes)", () => {
  it("stores customId and notes and returns them on the APPOINTMENT", async () => {
    const booked = await api.send("POST", "appointment/add", {
      bookingSlotId: await slot(24),
      customerId: ADA,
      customId: AWKWARD_ID,
      notes: "Bring the colour chart.",
    });
    expect(booked.status).toBe(201);
    expect(booked.json.content).toMatchObject({
      class: "APPOINTMENT",
      customId: AWKWARD_ID,
      notes: "Bring the colour chart.",
    });
    expect(sandbox.appointments(acme)).toHaveLength(1);
  });

  it("refuses a second add with the same customId with 409 and books nothing", async () => {
    const body = { customerId: ADA, customId: "booking-1" };
    const first = await api.send("POST", "appointment/add", {
      ...body,
      bookingSlotId: await slot(24),
    });
    expect(first.status).toBe(201);
    const again = await api.send("POST", "appointment/add", {
      ...body,
      bookingSlotId: await slot(25),
    });
    expect(again.status).toBe(409);
    expect(again.json.content).toBeNull();
    expect(again.json.messageList[0]).toMatchObject({ type: "failure", parameter: "customId" });
    expect(sandbox.appointments(acme)).toHaveLength(1);
  });

  it("refuses a customId or notes that is not a string", async () => {
    const reply = await api.send("POST", "appointment/add", {
      bookingSlotId: await slot(24),
      customerId: ADA,
      customId: 42,
      notes: ["x"],
    });
    expect(reply.status).toBe(422);
    expect(reply.json.messageList.map((m: Json) => m.parameter)).toEqual(["customId", "notes"]);
    expect(sandbox.appointments(acme)).toHaveLength(0);
  });
});

describe("identify by customId", () => {
  it("finds an appointment by a URL-encoded customId holding /, spaces, & and +", async () => {
    const booked = await api.send("POST", "appointment/add", {
      bookingSlotId: await slot(24),
      customerId: ADA,
      customId: AWKWARD_ID,
    });
    const found = await api.send("GET", `appointment/${encodeURIComponent(AWKWARD_ID)}/identify`);
    expect(found.status).toBe(200);
    expect(found.json.content).toMatchObject({ id: booked.json.content.id, customId: AWKWARD_ID });
  });

  it("finds a customer by a URL-encoded customId, seeded or added", async () => {
    const seeded = await api.send("GET", `customer/${encodeURIComponent("K&M-0042")}/identify`);
    expect(seeded.json.content).toMatchObject({ class: "CUSTOMER", lastName: "Weiß" });
    const added = await api.send("POST", "customer/add", {
      firstName: "Grace",
      lastName: "Hopper",
      customId: "crm/42 a&b",
    });
    expect(added.status).toBe(201);
    const found = await api.send("GET", `customer/${encodeURIComponent("crm/42 a&b")}/identify`);
    expect(found.status).toBe(200);
    expect(found.json.content).toMatchObject({ id: added.json.content.id, customId: "crm/42 a&b" });
  });

  it("answers a miss with 404 and a failure message by default, on both routes", async () => {
    for (const route of ["customer/nobody/identify", "appointment/nothing/identify"]) {
      const miss = await api.send("GET", route);
      expect(miss.status, route).toBe(404);
      expect(miss.json.content).toBeNull();
      expect(miss.json.messageList[0]).toMatchObject({ type: "failure", parameter: "customId" });
    }
  });

  const forms: Array<[IdentifyMiss, number, string]> = [
    ["404", 404, "failure"],
    ["empty", 200, "success"],
    ["message", 200, "error"],
  ];
  for (const shapes of ["default", "sdk"] as const) {
    for (const [identifyMiss, status, type] of forms) {
      it(`answers a miss as identifyMiss "${identifyMiss}" asks, in ${shapes} shapes`, async () => {
        const other = await Sandbox.start({ shapes, identifyMiss });
        try {
          const client = emulatorClient(other, acme);
          await client.login();
          for (const route of ["customer/x%2Fy/identify", "appointment/x%2Fy/identify"]) {
            const miss = await client.send("GET", route);
            expect(miss.status, route).toBe(status);
            expect(miss.json.content).toBeNull();
            expect(miss.json.messageList).toHaveLength(1);
            const expectedType = shapes === "sdk" && type === "failure" ? "error" : type;
            expect(miss.json.messageList[0].type).toBe(expectedType);
          }
        } finally {
          await other.close();
        }
      });
    }
  }
});

describe("customer/index/{page}", () => {
  it("pages through every customer, 25 a page, past the end an empty page", async () => {
    const first = await api.send("GET", "customer/index/1");
    expect(first.status).toBe(200);
    expect(first.json.content).toMatchObject({
      class: "PAGINATION_LIST",
      pageCurrent: 1,
      pageTotal: 3,
      recordFrom: 1,
      recordTo: 25,
      recordTotal: 64,
      recordPerPage: 25,
    });
    expect(first.json.content.recordList).toHaveLength(25);
    const third = await api.send("GET", "customer/index/3");
    expect(third.json.content.recordList).toHaveLength(14);
    expect((await api.send("GET", "customer/index/4")).json.content.recordList).toEqual([]);
    expect((await api.send("GET", "customer/index/0")).status).toBe(400);
  });

  it("leaves customer/filter/{page} as the search", async () => {
    const hit = await api.send("GET", "customer/filter/1?searchQuery=Lovelace");
    expect(hit.json.content.recordList.map((c: Json) => c.id)).toEqual([ADA]);
  });
});

describe("message language", () => {
  for (const locale of ["de", "de_DE"]) {
    it(`writes German texts for the locale segment ${locale}`, async () => {
      const booked = await api.send(
        "POST",
        "appointment/add",
        { bookingSlotId: await slot(24), customerId: ADA, customId: "de-1" },
        { locale },
      );
      expect(booked.json.messageList[0].text).toBe("Termin erfolgreich gebucht.");
      const twice = await api.send(
        "POST",
        "appointment/add",
        { bookingSlotId: await slot(25), customerId: ADA, customId: "de-1" },
        { locale },
      );
      expect(twice.json.messageList[0].text).toBe(
        "Ein Termin mit dieser customId existiert bereits.",
      );
      const invalid = await api.send("POST", "customer/add", { firstName: " " }, { locale });
      expect(invalid.json.messageList.map((m: Json) => m.text)).toEqual([
        "Dieser Wert sollte nicht leer sein.",
        "Dieser Parameter fehlt.",
      ]);
      const miss = await api.send("GET", "appointment/none/identify", undefined, { locale });
      expect(miss.json.messageList[0].text).toBe("Kein Termin mit dieser customId.");
    });
  }

  it("writes English texts for en", async () => {
    const booked = await api.send("POST", "appointment/add", {
      bookingSlotId: await slot(24),
      customerId: ADA,
    });
    expect(booked.json.messageList[0].text).toBe("Appointment successfully booked.");
  });
});
