import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ContractHarness, contractHarness, data, textOf } from "./harness.js";
import { envelope, type Json, ok, type Reply, Upstream } from "./upstream.js";

// Plausible variants of bookingtime's answers, each derived from an SDK mock in fixtures/.

const SLOT = "4fvUBhUhH7XZPYafIIIL2UZ36ytUORmh";
const CUSTOMER = "d3AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const APPOINTMENT = "edygISPvY4ovvVTms3oQuShyF6dOhAbb";
const added = (): Json => envelope("module", "appointment_add");
const error = (text: string, parameter: string | null = null) => ({
  class: "MESSAGE",
  type: "error",
  parameter,
  text,
});

let up: Upstream;
let h: ContractHarness;

async function start(locale = "en") {
  up = await new Upstream().start();
  const org = envelope("module", "organization_list");
  up.on("GET", /^show$/, ok({ messageList: [], content: org.content.recordList[0] }));
  h = await contractHarness(up, { locale, now: Date.parse("2023-12-31T12:00:00Z") });
}
afterEach(async () => {
  await h.close();
  await up.close();
});

/** Answers each call with the next reply; the last one repeats. */
function sequence(...replies: Reply[]) {
  let i = 0;
  return () => replies[Math.min(i++, replies.length - 1)] as Reply;
}

const book = (args: Record<string, unknown> = {}) =>
  h.call("book_appointment", { slotId: SLOT, customerId: CUSTOMER, ...args });
const adds = () => up.api().filter((q) => q.route === "appointment/add");

describe("identify that matches nothing, in every form", () => {
  beforeEach(() => start());

  it.each<[string, Reply]>([
    [
      "404 with an error message",
      { status: 404, body: { messageList: [error("nope")], content: null } },
    ],
    ["200 with content null", ok({ messageList: [{ type: "success", text: "" }], content: null })],
    ["200 with [] and an error message", ok({ messageList: [error("not found")], content: [] })],
    [
      "400 with an error message",
      { status: 400, body: { messageList: [error("unknown", "customId")] } },
    ],
  ])("%s: books", async (_, miss) => {
    up.on("GET", /^appointment\/.+\/identify$/, miss);
    up.on("POST", /^appointment\/add$/, ok(added(), 201));
    const r = await book();
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ repeated: false, appointment: { id: APPOINTMENT } });
    expect(adds()).toHaveLength(1);
  });
});

describe("writes answered 2xx are never failures", () => {
  beforeEach(() => start());

  it("an add whose answer cannot be read is read back by its id", async () => {
    up.on("GET", /^appointment\/.+\/identify$/, { status: 404, body: { messageList: [] } });
    up.on(
      "POST",
      /^appointment\/add$/,
      ok({ messageList: [], content: { id: APPOINTMENT, start: "soon" } }, 201),
    );
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    const r = await book();
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).appointment).toMatchObject({
      id: APPOINTMENT,
      start: "2026-11-30T11:00:00+01:00",
    });
    expect(adds()).toHaveLength(1);
  });

  it("when reading back fails too, it says done with the id and details unavailable", async () => {
    up.on(
      "GET",
      /^appointment\/.+\/identify$/,
      sequence({ status: 404, body: {} }, { status: 500, body: {} }),
    );
    up.on("POST", /^appointment\/add$/, ok({ messageList: [], content: { id: APPOINTMENT } }, 201));
    up.on("GET", /^appointment\/\w+\/show$/, { status: 500, body: { messageList: [] } });
    const r = await book();
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({
      booked: true,
      detailsUnavailable: true,
      appointment: { id: APPOINTMENT },
    });
    expect(textOf(r)).toMatch(
      /^Booked \(bookingtime confirmed it; details unavailable\): appointment id edyg/,
    );
    expect(textOf(r)).toMatch(/Do not book again/);
  });

  it("a cancel answered 200 with an unreadable body is reported canceled", async () => {
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    up.on("PUT", /^appointment\/\w+\/cancel$/, ok({ messageList: [], content: "done" }));
    const r = await h.call("cancel_appointment", { appointmentId: APPOINTMENT, confirm: true });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ canceled: true, appointment: { id: APPOINTMENT } });
  });

  it("add_customer answered 201 with nothing readable reads the customer back by customId", async () => {
    const customer = { id: CUSTOMER, customId: "crm/42", firstName: "John", lastName: "Doe" };
    up.on(
      "GET",
      /^customer\/.+\/identify$/,
      sequence({ status: 404, body: {} }, ok({ content: customer })),
    );
    up.on("POST", /^customer\/add$/, ok({ messageList: [], content: null }, 201));
    const r = await h.call("add_customer", {
      firstName: "John",
      lastName: "Doe",
      customId: "crm/42",
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ created: true, customer: { id: CUSTOMER, name: "John Doe" } });
    expect(up.api().filter((q) => q.route === "customer/add")).toHaveLength(1);
  });
});

describe("after a refused or lost add it finds out what happened", () => {
  beforeEach(() => start());

  it.each<[string, Reply]>([
    ["a 500", { status: 500, body: { messageList: [] } }],
    ["a 400 (e.g. a duplicate customId)", { status: 400, body: { messageList: [error("dup")] } }],
  ])("after %s the appointment found by customId is the answer", async (_, failure) => {
    up.on("GET", /^appointment\/.+\/identify$/, sequence({ status: 404, body: {} }, ok(added())));
    up.on("POST", /^appointment\/add$/, failure);
    const r = await book({ idempotencyKey: "k1" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ recovered: true, appointment: { id: APPOINTMENT } });
    expect(adds()).toHaveLength(1);
  });

  it("a 400 for a slot this customer already holds (records without customer): alreadyHeld", async () => {
    up.on("GET", /^bookingTemplate\/fc\w+\/show$/, ok(envelope("module", "bookingTemplate_show")));
    up.on("GET", /bookingSlot\/.*listDay$/, ok(envelope("module", "bookingSlot_listDay")));
    await h.call("find_free_slots", {
      serviceId: "fcqhymewL9S19V6xBLLn4nC7qD4dSRIY",
      from: "2024-01-01",
    });
    up.on("GET", /^appointment\/.+\/identify$/, { status: 404, body: {} });
    up.on("POST", /^appointment\/add$/, { status: 400, body: { messageList: [error("belegt")] } });
    // The customer's list (app.appointment_indexDay's shape) holding module.appointment_add's
    // record at the slot's time, named as the service.
    const page = envelope("app", "appointment_indexDay");
    const held = {
      ...added().content,
      start: "2024-01-01T18:15:00+00:00",
      name: "Mock-bookingTemplate",
    };
    page.content = { ...page.content, recordTotal: 1, recordList: [held] };
    up.on("GET", /^customer\/d3\w+\/appointment\/index\/1$/, ok(page));
    const r = await book({ idempotencyKey: "new-key" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ alreadyHeld: true, appointment: { id: APPOINTMENT } });
    expect(textOf(r)).toMatch(/^This customer already holds this booking, nothing new was booked/);
  });

  it("a 500 and nothing under its customId: not booked, safe to call again", async () => {
    up.on("GET", /^appointment\/.+\/identify$/, { status: 404, body: {} });
    up.on("POST", /^appointment\/add$/, { status: 503, body: { messageList: [] } });
    const r = await book();
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(
      /no appointment with this booking's customId \(mcp-[\w-]+\), so nothing was booked/,
    );
    expect(textOf(r)).toMatch(/What to do: Call book_appointment again/);
  });

  it("in German: a refusal surfaces bookingtime's own text and says not booked", async () => {
    await h.close();
    await up.close();
    await start("de");
    up.on("GET", /^appointment\/.+\/identify$/, {
      status: 400,
      body: { messageList: [error("Kein Termin gefunden.")] },
    });
    up.on("POST", /^appointment\/add$/, {
      status: 400,
      body: {
        messageList: [error("Der Buchungsslot ist nicht mehr verfügbar.", "bookingSlotId")],
        content: null,
      },
    });
    const r = await book();
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Not booked: bookingtime refused the request \(400\)/);
    expect(textOf(r)).toContain("- slotId: Der Buchungsslot ist nicht mehr verfügbar.");
    expect(up.api().every((q) => q.path.startsWith("/app/v3/de/"))).toBe(true);
  });
});

describe("after a refused or lost move it reads the appointment back", () => {
  beforeEach(() => start());

  /** Lists module.bookingSlot_listDay so the server knows the slot's time (2024-01-01 18:15 UTC). */
  async function listSlot() {
    up.on("GET", /^bookingTemplate\/fc\w+\/show$/, ok(envelope("module", "bookingTemplate_show")));
    up.on("GET", /bookingSlot\/.*listDay$/, ok(envelope("module", "bookingSlot_listDay")));
    await h.call("find_free_slots", {
      serviceId: "fcqhymewL9S19V6xBLLn4nC7qD4dSRIY",
      from: "2024-01-01",
    });
  }
  const at = (start: string) => ({
    messageList: [],
    content: { ...added().content, start, moved: true },
  });
  const move = () =>
    h.call("move_appointment", { appointmentId: APPOINTMENT, slotId: SLOT, confirm: true });

  it("a 500 whose move went through: moved", async () => {
    await listSlot();
    up.on("PUT", /move$/, { status: 500, body: { messageList: [] } });
    up.on("GET", /^appointment\/\w+\/show$/, ok(at("2024-01-01T18:15:00+00:00")));
    const r = await move();
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).appointment).toMatchObject({
      id: APPOINTMENT,
      start: "2024-01-01T19:15:00+01:00",
    });
    expect(textOf(r)).toMatch(/^Moved \(confirmed by reading it back/);
  });

  it("a 400 with the time no longer free: not moved, slot taken", async () => {
    await listSlot();
    up.on("PUT", /move$/, { status: 400, body: { messageList: [error("Termin belegt.")] } });
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    const taken = envelope("module", "bookingSlot_listDay");
    taken.content.list = taken.content.list.slice(1);
    up.on("GET", /bookingSlot\/.*listDay$/, ok(taken));
    const r = await move();
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Not moved \(400\)\. That slot cannot be used: it was taken/);
    expect(textOf(r)).toContain("- Termin belegt.");
  });

  it("a timeout-like 503 that did not move it: says it is still at its old time", async () => {
    await listSlot();
    up.on("PUT", /move$/, { status: 503, body: { messageList: [] } });
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    const r = await move();
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(
      /The appointment is still at its old time \(2026-11-30T11:00:00\+01:00\): it was not moved\./,
    );
  });
});

describe("reads", () => {
  beforeEach(() => start());

  it("one malformed record is skipped and reported, never failing the list", async () => {
    const list = envelope("module", "bookingTemplate_list");
    const good = list.content.recordList[0];
    const broken = { ...good, id: "fcBROKENBROKENBROKENBROKENBROKEN1", duration: "two hours" };
    list.content.recordList = [good, broken];
    up.on("GET", /^bookingTemplate\/list$/, ok(list));
    const r = await h.call("list_services");
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).services).toHaveLength(1);
    expect(data(r).skipped).toEqual({ count: 1, ids: ["fcBROKENBROKENBROKENBROKENBROKEN1"] });
    expect(textOf(r)).toMatch(/1 record\(s\) bookingtime sent could not be read and were left out/);
    expect(h.logs.text).toMatch(/duration/);
  });

  it("a 200 with an error message and no content is a failure that shows the message", async () => {
    up.on(
      "GET",
      /^bookingResource\/list$/,
      ok({ messageList: [error("Zugriff verweigert.")], content: null }),
    );
    const r = await h.call("list_staff");
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/answered 200 with an error message and no usable content/);
    expect(textOf(r)).toContain("- Zugriff verweigert.");
  });

  it("an error message beside usable content reaches the result", async () => {
    const list = envelope("module", "bookingResource_list");
    list.messageList.push(error("Eine Ressource ist ausgeblendet.", "bookingResourceId"));
    up.on("GET", /^bookingResource\/list$/, ok(list));
    const r = await h.call("list_staff");
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).bookingtimeMessages).toEqual(["staffId: Eine Ressource ist ausgeblendet."]);
    expect(textOf(r)).toMatch(
      /bookingtime also said: "staffId: Eine Ressource ist ausgeblendet\."/,
    );
  });

  it("a 403 names the organization or the endpoint", async () => {
    up.on("GET", /^bookingResource\/list$/, {
      status: 403,
      body: { messageList: [error("Forbidden")] },
    });
    const r = await h.call("list_staff");
    expect(textOf(r)).toMatch(/may not access organization f6\w+ or this endpoint \(403\)/);
  });

  it("find_customers lists with customer/index and searches with customer/filter", async () => {
    const page = envelope("app", "appointment_indexDay");
    up.on("GET", /^customer\/(index|filter)\/1$/, ok(page));
    await h.call("find_customers");
    await h.call("find_customers", { query: "Müller a&b" });
    const [all, search] = up.api();
    expect(all?.route).toBe("customer/index/1");
    expect(search?.route).toBe("customer/filter/1");
    expect(search?.query.get("searchQuery")).toBe("Müller a&b");
  });

  it("get_customer by a customId with '/' and spaces round-trips", async () => {
    const customer = {
      id: CUSTOMER,
      customId: "crm/42 x",
      firstName: "John",
      lastName: "Doe",
      address: [],
      // Timestamps as a DateTime object (UTC) and as a naive string (the organization's zone).
      timestampAdd: { date: "2026-01-02 09:00:00.000000", timezone_type: 3, timezone: "UTC" },
      timestampEdit: "2026-01-02 11:00:00",
    };
    up.on("GET", /^customer\/[^/]+\/identify$/, ok({ messageList: [], content: customer }));
    const r = await h.call("get_customer", { customId: "crm/42 x" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).customer).toMatchObject({
      id: CUSTOMER,
      customId: "crm/42 x",
      timestampAdd: "2026-01-02T10:00:00+01:00",
      timestampEdit: "2026-01-02T11:00:00+01:00",
    });
    expect(up.api()[0]?.route).toBe("customer/crm%2F42%20x/identify");
  });

  it("naive and offset date-times and DateTime objects in any zone give the same instant", async () => {
    const record = added().content;
    const variants = [
      "2026-11-30 11:00:00",
      "2026-11-30T10:00:00+0:00",
      { date: "2026-11-30 11:00:00.000000", timezone_type: 1, timezone: "+01:00" },
      { date: "2026-11-30 11:00:00.000000", timezone_type: 3, timezone: "Europe/Berlin" },
    ];
    for (const start of variants) {
      up.on(
        "GET",
        /^appointment\/\w+\/show$/,
        ok({ messageList: [], content: { ...record, start } }),
      );
      const r = await h.call("get_appointment", { appointmentId: APPOINTMENT });
      expect(data(r).appointment.start, JSON.stringify(start)).toBe("2026-11-30T11:00:00+01:00");
    }
  });
});
