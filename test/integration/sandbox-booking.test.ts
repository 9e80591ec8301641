import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
  SLOT_TTL_MS,
} from "../../packages/bookingtime-emulator/src/index.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;
// Monday 2026-03-23, 08:00 in Berlin (UTC+1); Europe switches to summer time on Sunday 29 March.
const MONDAY_8AM = Date.parse("2026-03-23T07:00:00Z");

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected field by field
type Json = any;

let sandbox: Sandbox;
let token: string;

async function send(method: string, url: string, body?: unknown, auth = true) {
  const res = await request(url, {
    method: method as "GET",
    headers: {
      ...(auth ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Json };
}

const api = (route: string) => `${sandbox.apiUrl}/en/organization/${acme}/${route}`;
const get = (route: string) => send("GET", api(route));

async function newToken(): Promise<string> {
  const form = (params: Record<string, string>) =>
    request(sandbox.authUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    }).then((r) => r.body.json() as Promise<Json>);
  const { refresh_token } = await form({
    grant_type: "client_credentials",
    client_id: SANDBOX_DEFAULT_CLIENT.clientId,
    client_secret: SANDBOX_DEFAULT_CLIENT.clientSecret,
  });
  const { access_token } = await form({
    grant_type: "refresh_token",
    client_id: SANDBOX_DEFAULT_CLIENT.clientId,
    refresh_token,
    organization_id: acme,
  });
  return access_token;
}

async function customer(lastName = "Lovelace"): Promise<string> {
  const reply = await send("POST", api("customer/add"), { firstName: "Ada", lastName });
  expect(reply.status).toBe(201);
  return reply.json.content.id;
}

const haircutDay = (day: number) =>
  get(`bookingTemplate/${A.haircut}/bookingSlot/year/2026/month/3/day/${day}/listDay`);

beforeAll(async () => {
  sandbox = await Sandbox.start();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  sandbox.clock.set(MONDAY_8AM);
  token = await newToken();
});

describe("booking templates and staff", () => {
  it("lists at least three services of different durations with price and staff", async () => {
    const reply = await get("bookingTemplate/list");
    expect(reply.status).toBe(200);
    const { content } = reply.json;
    expect(content).toMatchObject({ class: "LIST", recordLimit: 9999 });
    expect(content.recordTotal).toBe(content.recordList.length);
    const durations = new Set(content.recordList.map((t: Json) => t.duration));
    expect(durations.size).toBeGreaterThanOrEqual(3);
    for (const t of content.recordList) {
      expect(t).toMatchObject({ class: "BOOKING_TEMPLATE", currency: "EUR" });
      expect(t.id).toMatch(/^fc[A-Za-z0-9]{30}$/);
      expect(typeof t.priceGross).toBe("number");
      expect(t.bookingStepList[0].bookingResourceList[0].name).toBeTruthy();
    }
    const show = await get(`bookingTemplate/${A.colouring}/show`);
    expect(show.json.content).toMatchObject({ id: A.colouring, duration: 90 });
    expect((await get(`bookingTemplate/fc${"x".repeat(30)}/show`)).status).toBe(404);
  });

  it("lists bookable staff and resources", async () => {
    const reply = await get("bookingResource/list");
    const ids = reply.json.content.recordList.map((r: Json) => r.id);
    expect(ids).toEqual([A.maria, A.jonas, A.studio]);
    for (const id of ids) expect(id).toMatch(/^br[A-Za-z0-9]{30}$/);
  });
});

describe("slots", () => {
  it("start inside opening hours, after the lead time, one per free staff member", async () => {
    const reply = await haircutDay(23);
    expect(reply.status).toBe(200);
    const { content } = reply.json;
    expect(content).toMatchObject({
      class: "RANGE_LIST",
      timeZone: "Europe/Berlin",
      rangeStart: "2026-03-23T00:00:00+01:00",
      rangeEnd: "2026-03-23T23:59:59+01:00",
    });
    const times = content.list.map((s: Json) => s.timestamp);
    // 08:00 now + 120 minutes lead time; Monday closes at 18:00, a haircut takes 30 minutes.
    expect(times[0]).toBe("2026-03-23T10:00:00+01:00");
    expect(times.at(-1)).toBe("2026-03-23T17:30:00+01:00");
    expect(content.list[0].bookingResourceCombination).toEqual([A.maria]);
    expect(content.list[1].bookingResourceCombination).toEqual([A.jonas]);
    for (const slot of content.list) expect(slot.id).toMatch(/^4f[A-Za-z0-9]{30}$/);
  });

  it("carry the offset in force on their day across the DST change", async () => {
    const reply = await get(`bookingTemplate/${A.haircut}/bookingSlot/year/2026/month/3/listMonth`);
    const times: string[] = reply.json.content.list.map((s: Json) => s.timestamp);
    // Friday opens 07:00, Monday 09:00 (local wall-clock time on both sides of the change).
    expect(times.find((t) => t.startsWith("2026-03-27"))).toBe("2026-03-27T07:00:00+01:00");
    expect(times.find((t) => t.startsWith("2026-03-30"))).toBe("2026-03-30T09:00:00+02:00");
    expect(times.some((t) => t.startsWith("2026-03-28") || t.startsWith("2026-03-29"))).toBe(false);
    expect(reply.json.content.rangeEnd).toBe("2026-03-31T23:59:59+02:00");
  });

  it("listWeek covers the ISO week; earliest gives the first day with slots", async () => {
    const week = await get(
      `bookingTemplate/${A.consultation}/bookingSlot/year/2026/week/13/listWeek`,
    );
    expect(week.json.content.rangeStart).toBe("2026-03-23T00:00:00+01:00");
    expect(week.json.content.rangeEnd).toBe("2026-03-29T23:59:59+02:00");
    const earliest = await get(`bookingTemplate/${A.consultation}/bookingSlot/earliest`);
    expect(earliest.json.content.list[0].timestamp).toBe("2026-03-23T10:00:00+01:00");
  });

  it("refuse impossible dates naming the part", async () => {
    const bad = await get(
      `bookingTemplate/${A.haircut}/bookingSlot/year/2026/month/2/day/30/listDay`,
    );
    expect(bad.status).toBe(400);
    expect(bad.json.messageList[0]).toMatchObject({ type: "failure", parameter: "day" });
    const week = await get(`bookingTemplate/${A.haircut}/bookingSlot/year/2026/week/54/listWeek`);
    expect(week.json.messageList[0].parameter).toBe("week");
  });

  it("stay within the organization's booking window", async () => {
    // ACME books at most 14 days ahead.
    const late = await get(
      `bookingTemplate/${A.haircut}/bookingSlot/year/2026/month/4/day/7/listDay`,
    );
    expect(late.json.content.list).toEqual([]);
    const inside = await get(
      `bookingTemplate/${A.haircut}/bookingSlot/year/2026/month/4/day/6/listDay`,
    );
    expect(inside.json.content.list.length).toBeGreaterThan(0);
  });
});

describe("appointments", () => {
  it("booking a slot makes it disappear and refuses the same staff and time again", async () => {
    const customerId = await customer();
    const first = (await haircutDay(23)).json.content.list;
    const second = (await haircutDay(23)).json.content.list;
    const booked = await send("POST", api("appointment/add"), {
      bookingSlotId: first[0].id,
      customerId,
    });
    expect(booked.status).toBe(201);
    expect(booked.json.messageList[0].text).toBe("Appointment successfully booked.");
    expect(booked.json.content).toMatchObject({
      class: "APPOINTMENT",
      start: "2026-03-23T10:00:00+01:00",
      end: "2026-03-23T10:30:00+01:00",
      duration: 30,
      timeZone: "Europe/Berlin",
      name: "Haircut",
      priceGross: 35,
      currency: "EUR",
      canceled: false,
      moved: false,
      customer: { id: customerId },
      bookingResourceList: [{ id: A.maria, name: "Maria Schmidt" }],
      organizationId: acme,
    });
    expect(booked.json.content.id).toMatch(/^ed[A-Za-z0-9]{30}$/);

    const after = (await haircutDay(23)).json.content.list;
    // Maria is busy 10:00-10:30, which also rules out her 10:15 start.
    const maria = after
      .filter((s: Json) => s.bookingResourceCombination[0] === A.maria)
      .map((s: Json) => s.timestamp);
    expect(maria[0]).toBe("2026-03-23T10:30:00+01:00");
    expect(after.length).toBe(first.length - 2);
    expect(after[0].bookingResourceCombination).toEqual([A.jonas]);

    const again = await send("POST", api("appointment/add"), {
      bookingSlotId: first[0].id,
      customerId,
    });
    expect(again.status).toBe(422);
    const taken = await send("POST", api("appointment/add"), {
      bookingSlotId: second[0].id,
      customerId,
    });
    expect(taken.status).toBe(409);
    expect(taken.json.messageList[0]).toMatchObject({
      parameter: "bookingSlotId",
      text: expect.stringMatching(/no longer available/),
    });
    // A 90-minute colouring needs Maria from 10:00 to 11:30, which the haircut blocks.
    const colour = (
      await get(`bookingTemplate/${A.colouring}/bookingSlot/year/2026/month/3/day/23/listDay`)
    ).json.content.list.map((s: Json) => s.timestamp);
    expect(colour[0]).toBe("2026-03-23T10:30:00+01:00");
    expect(sandbox.appointments(acme)).toHaveLength(1);
  });

  it("slot ids expire on the sandbox clock", async () => {
    const customerId = await customer();
    const slot = (await haircutDay(24)).json.content.list[0];
    sandbox.clock.advance(SLOT_TTL_MS);
    token = await newToken();
    const reply = await send("POST", api("appointment/add"), {
      bookingSlotId: slot.id,
      customerId,
    });
    expect(reply.status).toBe(422);
    expect(reply.json.messageList[0].text).toMatch(/expired/);
    expect(sandbox.appointments(acme)).toHaveLength(0);
  });

  it("refuses unknown customers, missing and unexpected fields", async () => {
    const slot = (await haircutDay(24)).json.content.list[0];
    const unknown = await send("POST", api("appointment/add"), {
      bookingSlotId: slot.id,
      customerId: `d3${"q".repeat(30)}`,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.messageList[0]).toMatchObject({ parameter: "customerId" });
    const bad = await send("POST", api("appointment/add"), {
      bookingSlotId: slot.id,
      colour: "red",
    });
    expect(bad.status).toBe(422);
    expect(bad.json.messageList.map((m: Json) => m.parameter)).toEqual(["customerId", "colour"]);
  });

  it("moves, cancels once, and refuses to move a canceled appointment", async () => {
    const customerId = await customer();
    const [slot] = (await haircutDay(24)).json.content.list;
    const booked = await send("POST", api("appointment/add"), {
      bookingSlotId: slot.id,
      customerId,
    });
    const id = booked.json.content.id;
    const target = (await haircutDay(25)).json.content.list[3];
    const moved = await send("PUT", api(`appointment/${id}/move`), { bookingSlotId: target.id });
    expect(moved.status).toBe(200);
    expect(moved.json.content).toMatchObject({ start: target.timestamp, moved: true });
    const wrongService = (
      await get(`bookingTemplate/${A.consultation}/bookingSlot/year/2026/month/3/day/26/listDay`)
    ).json.content.list[0];
    const refused = await send("PUT", api(`appointment/${id}/move`), {
      bookingSlotId: wrongService.id,
    });
    expect(refused.status).toBe(422);

    const canceled = await send("PUT", api(`appointment/${id}/cancel`));
    expect(canceled.status).toBe(200);
    expect(canceled.json.content.canceled).toBe(true);
    const twice = await send("PUT", api(`appointment/${id}/cancel`));
    expect(twice.status).toBe(409);
    expect(twice.json.messageList[0].text).toMatch(/already been canceled/);
    const next = (await haircutDay(26)).json.content.list[0];
    const moveCanceled = await send("PUT", api(`appointment/${id}/move`), {
      bookingSlotId: next.id,
    });
    expect(moveCanceled.status).toBe(409);
    // The canceled time is free again.
    const day25 = (await haircutDay(25)).json.content.list;
    expect(
      day25.some(
        (s: Json) =>
          s.timestamp === target.timestamp &&
          s.bookingResourceCombination[0] === target.bookingResourceCombination[0],
      ),
    ).toBe(true);
    expect((await get(`appointment/${id}/show`)).json.content.canceled).toBe(true);
    expect((await get(`appointment/ed${"0".repeat(30)}/show`)).status).toBe(404);
  });

  it("lists by day for the organization and by customer in pages of 25", async () => {
    const ada = await customer();
    const grace = await customer("Hopper");
    // On the hour and half hour only, so that no two of them overlap for the same person.
    const slots = (
      await get(`bookingTemplate/${A.haircut}/bookingSlot/year/2026/week/14/listWeek`)
    ).json.content.list.filter((s: Json) => /:(00|30):00/.test(s.timestamp));
    for (const slot of slots.slice(0, 27)) {
      const r = await send("POST", api("appointment/add"), {
        bookingSlotId: slot.id,
        customerId: ada,
      });
      expect(r.status).toBe(201);
    }
    const page2 = await get(`customer/${ada}/appointment/index/2`);
    expect(page2.json.content).toMatchObject({
      class: "PAGINATION_LIST",
      pageCurrent: 2,
      pageTotal: 2,
      recordTotal: 27,
      recordPerPage: 25,
      recordFrom: 26,
      recordTo: 27,
    });
    expect(page2.json.content.recordList).toHaveLength(2);
    expect((await get(`customer/${grace}/appointment/index/1`)).json.content.recordTotal).toBe(0);
    expect((await get(`customer/${ada}/appointment/index/0`)).status).toBe(400);

    const day = await get("appointment/year/2026/month/3/day/30/listDay");
    expect(day.json.content.timeZone).toBe("Europe/Berlin");
    expect(day.json.content.list.length).toBe(
      slots.slice(0, 27).filter((s: Json) => s.timestamp.startsWith("2026-03-30")).length,
    );
    const month = await get("appointment/year/2026/month/4/listMonth");
    expect(month.json.content.rangeStart).toBe("2026-04-01T00:00:00+02:00");
  });

  it("a lost answer still books: the fault hides the reply, not the effect", async () => {
    const customerId = await customer();
    const [slot] = (await haircutDay(24)).json.content.list;
    sandbox.loseAnswerNext({ match: { pathIncludes: "appointment/add" } });
    await expect(
      send("POST", api("appointment/add"), { bookingSlotId: slot.id, customerId }),
    ).rejects.toThrow();
    expect(sandbox.appointments(acme)).toHaveLength(1);
  });
});
