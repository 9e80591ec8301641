import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { type CallToolResult, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  SLOT_TTL_MS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { createLogger } from "../../src/logger.js";
import { createServer } from "../../src/server.js";
import { bookingSteps, data, type Json, useBookingHarness } from "../helpers/booking.js";
import { type Harness, textOf } from "../helpers/harness.js";

/**
 * The upstream timeout that ends a lost (hung) answer; the recovery reads after it must finish
 * within it too, so it leaves a loaded machine room (400 ms did not always).
 */
const LOST_ANSWER_TIMEOUT_MS = 1_500;

const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;

let h: Harness;
const apiRequests = () => h.sandbox.requests.filter((r) => r.path.startsWith("/app/v3"));
const slotRequests = () =>
  h.sandbox.requests
    .filter((r) => r.path.includes("/bookingSlot/"))
    .map((r) => r.path.split("/bookingSlot/")[1]);

const { customer, slots } = bookingSteps(() => h);

useBookingHarness((harness) => {
  h = harness;
});

describe("services and staff", () => {
  it("list_services gives compact services with duration, price and staff", async () => {
    const r = await h.call("list_services");
    const { services, total, hasMore, page } = data(r);
    expect({ total, hasMore, page }).toEqual({ total: 3, hasMore: false, page: 1 });
    expect(services[0]).toEqual({
      id: A.haircut,
      name: "Haircut",
      durationMinutes: 30,
      price: 35,
      currency: "EUR",
      description: "Wash, cut and blow-dry.",
      staff: [
        { id: A.maria, name: "Maria Schmidt" },
        { id: A.jonas, name: "Jonas Weber" },
      ],
    });
    expect(services.map((s: Json) => s.durationMinutes)).toEqual([30, 45, 90]);
    expect(textOf(r)).not.toContain('"class"');
  });

  it("list_staff gives ids, names and types", async () => {
    const { staff, total } = data(await h.call("list_staff"));
    expect(total).toBe(3);
    expect(staff[0]).toEqual({ id: A.maria, name: "Maria Schmidt", type: "EMPLOYEE" });
  });

  it("the services resource lists the same compact services", async () => {
    const res = await h.client.readResource({ uri: `bookingtime://organization/${acme}/services` });
    const first = res.contents[0] as { mimeType?: string; text: string };
    expect(first.mimeType).toBe("application/json");
    expect(JSON.parse(first.text).services[2]).toMatchObject({
      name: "Colouring",
      durationMinutes: 90,
    });
  });
});

describe("find_free_slots", () => {
  it("returns slot ids, start and end with offset, staff names, and says ids are short-lived", async () => {
    const r = await h.call("find_free_slots", {
      serviceId: A.haircut,
      from: "2026-03-23",
      detail: true,
    });
    const d = data(r);
    expect(d.timeZone).toBe("Europe/Berlin");
    expect(d.service).toEqual({ id: A.haircut, name: "Haircut", durationMinutes: 30 });
    expect(d.today).toBe("Mon 2026-03-23");
    // One entry per start time; each staff option keeps its own slot id.
    expect(d.slots[0]).toEqual({
      start: "2026-03-23T10:00:00+01:00",
      end: "2026-03-23T10:30:00+01:00",
      options: [
        {
          slotId: expect.stringMatching(/^4f[A-Za-z0-9]{30}$/),
          staff: [{ id: A.jonas, name: "Jonas Weber" }],
        },
        {
          slotId: expect.stringMatching(/^4f[A-Za-z0-9]{30}$/),
          staff: [{ id: A.maria, name: "Maria Schmidt" }],
        },
      ],
    });
    expect(d.slots).toHaveLength(20);
    expect(d.hasMore).toBe(true);
    expect(new Set(d.slots.map((t: Json) => t.start)).size).toBe(20);
    expect(d.slots[0].options[0].slotId).not.toBe(d.slots[0].options[1].slotId);
    expect(d.note).toMatch(/short-lived/);
    expect(textOf(r)).toMatch(/short-lived/);
    expect(slotRequests()).toEqual(["year/2026/month/3/day/23/listDay"]);
  });

  it.each([
    [{ from: "2026-03-24", to: "2026-03-26" }, ["year/2026/week/13/listWeek"]],
    [{ from: "2026-03-01", to: "2026-03-31" }, ["year/2026/month/3/listMonth"]],
    [
      { from: "2026-03-28", to: "2026-04-03" },
      ["year/2026/month/3/listMonth", "year/2026/week/14/listWeek"],
    ],
    [
      { from: "2026-03-24T14:00:00+01:00", to: "2026-03-24T16:00:00+01:00" },
      ["year/2026/month/3/day/24/listDay"],
    ],
  ])("covers %j with the fewest calls", async (range, calls) => {
    await slots(range);
    expect(slotRequests().sort()).toEqual([...calls].sort());
  });

  it("keeps to the asked instants (a slot ends by a date-time 'to') and to one person when staffId is given", async () => {
    const found = await slots({
      from: "2026-03-24T14:00:00+01:00",
      to: "2026-03-24T15:00:00+01:00",
      staffId: A.jonas,
    });
    expect(found.map((s) => s.start)).toEqual([
      "2026-03-24T14:00:00+01:00",
      "2026-03-24T14:15:00+01:00",
      "2026-03-24T14:30:00+01:00",
    ]);
    expect(found.every((s) => s.staff[0].name === "Jonas Weber")).toBe(true);
  });

  it("gives each day the offset in force then (DST)", async () => {
    const found = await slots({ from: "2026-03-27", to: "2026-03-30", staffId: A.maria });
    expect(found[0].start).toBe("2026-03-27T07:00:00+01:00");
    const page = data(
      await h.call("find_free_slots", {
        serviceId: A.haircut,
        from: "2026-03-30",
        staffId: A.maria,
        detail: true,
      }),
    );
    expect(page.slots[0].start).toBe("2026-03-30T09:00:00+02:00");
    expect(page.slots[0].end).toBe("2026-03-30T09:30:00+02:00");
  });

  it("finds the earliest day without a range", async () => {
    const found = await slots({});
    expect(found[0].start).toBe("2026-03-23T10:00:00+01:00");
    expect(slotRequests()).toEqual(["earliest"]);
  });

  it.each([
    [{ from: "2026-03-24T14:00" }, "offset"],
    [{ from: "2026-03-24T14:00:00" }, "offset"],
    [{ from: "24.03.2026" }, "from"],
    [{ from: "2026-02-30" }, "real calendar date"],
    [{ from: "2026-03-01", to: "2026-04-15" }, "31 days"],
    [{ to: "2026-03-24" }, "'to' needs 'from'"],
    [{ from: "2026-03-24", to: "2026-03-20" }, "before"],
  ])("refuses %j before any request (%s)", async (args, text) => {
    const r = await h.call("find_free_slots", { serviceId: A.haircut, ...args });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain(text);
    expect(apiRequests()).toHaveLength(0);
  });

  it("refuses an id with the wrong prefix and says where ids come from", async () => {
    const r = await h.call("find_free_slots", { serviceId: A.maria, from: "2026-03-24" });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/serviceId must be 'fc'.*list_services/);
    expect(apiRequests()).toHaveLength(0);
  });
});

describe("book_appointment", () => {
  it("books and returns start, end, service, staff and customer", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24", staffId: A.maria });
    const r = await h.call("book_appointment", { slotId: slot.id, customerId, notes: "Short" });
    expect(r.isError, textOf(r)).toBeFalsy();
    const { appointment, repeated, recovered } = data(r);
    expect({ repeated, recovered }).toEqual({ repeated: false, recovered: false });
    expect(appointment).toEqual({
      id: expect.stringMatching(/^ed[A-Za-z0-9]{30}$/),
      service: "Haircut",
      start: "2026-03-24T09:00:00+01:00",
      end: "2026-03-24T09:30:00+01:00",
      timeZone: "Europe/Berlin",
      durationMinutes: 30,
      staff: [{ id: A.maria, name: "Maria Schmidt" }],
      customer: { id: customerId, name: "Ada Lovelace" },
      price: 35,
      currency: "EUR",
      status: "booked",
      moved: false,
      notes: "Short",
    });
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
  });

  it("returns the first booking on a repeat, by slot + customer and by idempotencyKey", async () => {
    const customerId = await customer();
    // 09:00 and 09:30: a 30-minute haircut at 09:00 would block 09:15.
    const [a, , b] = await slots({ from: "2026-03-24", staffId: A.jonas });
    const first = data(await h.call("book_appointment", { slotId: a.id, customerId }));
    const again = data(await h.call("book_appointment", { slotId: a.id, customerId }));
    expect(again.repeated).toBe(true);
    expect(again.appointment.id).toBe(first.appointment.id);

    const keyed = { slotId: b.id, customerId, idempotencyKey: "call-42" };
    const [one, two] = await Promise.all([
      h.call("book_appointment", keyed),
      h.call("book_appointment", keyed),
    ]);
    expect(data(one).appointment.id).toBe(data(two).appointment.id);
    expect(h.sandbox.appointments(acme)).toHaveLength(2);

    const reused = await h.call("book_appointment", { ...keyed, slotId: a.id });
    expect(reused.isError).toBe(true);
    expect(textOf(reused)).toMatch(/idempotencyKey was used for a different booking/);
  });

  it("a repeat from another session of the same process returns the first booking", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    const first = data(await h.call("book_appointment", { slotId: slot.id, customerId }));
    // A second server over the same runtime client, as HTTP mode builds one per request.
    const server = createServer({
      client: h.runtime.client,
      api: h.runtime.api,
      bookings: h.runtime.bookings,
      defaultOrganizationId: acme,
      logger: createLogger("silent", h.runtime.secrets),
      secrets: h.runtime.secrets,
    });
    const client = new Client({ name: "second-session", version: "1.0.0" });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    await client.connect(a);
    try {
      const r = (await client.callTool({
        name: "book_appointment",
        arguments: { slotId: slot.id, customerId },
      })) as CallToolResult;
      expect(data(r)).toMatchObject({ repeated: true, appointment: { id: first.appointment.id } });
      expect(h.sandbox.appointments(acme)).toHaveLength(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("a taken slot is refused with advice to search again", async () => {
    const ada = await customer();
    const grace = await customer("Hopper");
    const [first] = await slots({ from: "2026-03-24" });
    const [same] = await slots({ from: "2026-03-24" });
    await h.call("book_appointment", { slotId: first.id, customerId: ada });
    const r = await h.call("book_appointment", { slotId: same.id, customerId: grace });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/taken, has expired/);
    expect(textOf(r)).toMatch(/- slotId: This booking slot is no longer available/);
    expect(textOf(r)).not.toMatch(/bookingSlotId/);
    expect(textOf(r)).toMatch(/find_free_slots/);
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
  });

  it("an expired slot is refused with advice to search again", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    h.sandbox.clock.advance(SLOT_TTL_MS);
    const r = await h.call("book_appointment", { slotId: slot.id, customerId });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/expired/);
    expect(textOf(r)).toMatch(/find_free_slots/);
    expect(h.sandbox.appointments(acme)).toHaveLength(0);
  });

  it("an unknown customer is refused with bookingtime's message", async () => {
    const [slot] = await slots({ from: "2026-03-24" });
    const r = await h.call("book_appointment", {
      slotId: slot.id,
      customerId: `d3${"q".repeat(30)}`,
    });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/customerId: Customer not found/);
  });

  it("rejects wrong id prefixes before any request", async () => {
    const r = await h.call("book_appointment", { slotId: A.haircut, customerId: A.maria });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/slotId must be '4f'.*find_free_slots/);
    expect(textOf(r)).toMatch(/customerId must be 'd3'/);
    expect(apiRequests()).toHaveLength(0);
  });

  it.each(["hang", "drop"] as const)(
    "after a lost answer (%s) it finds the booking; a retry returns it, never a second one",
    async (how) => {
      await h.reconnect({ timeoutMs: LOST_ANSWER_TIMEOUT_MS });
      const customerId = await customer();
      const [slot] = await slots({ from: "2026-03-24" });
      h.sandbox.loseAnswerNext({ how, match: { pathIncludes: "appointment/add" } });
      const r = await h.call("book_appointment", { slotId: slot.id, customerId });
      expect(r.isError, textOf(r)).toBeFalsy();
      expect(data(r).recovered).toBe(true);
      expect(data(r).appointment.start).toBe(slot.start);
      const retry = data(await h.call("book_appointment", { slotId: slot.id, customerId }));
      expect(retry.appointment.id).toBe(data(r).appointment.id);
      expect(h.sandbox.appointments(acme)).toHaveLength(1);
    },
  );

  it("when the answer is lost in a process that never listed the slot, its customId finds the booking", async () => {
    await h.reconnect({ timeoutMs: LOST_ANSWER_TIMEOUT_MS });
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    // A new process: the memory of listed slots is gone.
    await h.reconnect({ timeoutMs: LOST_ANSWER_TIMEOUT_MS });
    h.sandbox.loseAnswerNext({ how: "hang", match: { pathIncludes: "appointment/add" } });
    const r = await h.call("book_appointment", { slotId: slot.id, customerId });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r).recovered).toBe(true);
    const retry = data(await h.call("book_appointment", { slotId: slot.id, customerId }));
    expect(retry.appointment.id).toBe(data(r).appointment.id);
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
  });
});

describe("reading, moving and canceling", () => {
  async function booked(day = "2026-03-24") {
    const customerId = await customer();
    const [slot] = await slots({ from: day });
    const r = await h.call("book_appointment", { slotId: slot.id, customerId });
    return { customerId, appointment: data(r).appointment };
  }

  it("get_appointment shows one; wrong prefix and unknown id are errors", async () => {
    const { appointment } = await booked();
    const r = await h.call("get_appointment", { appointmentId: appointment.id });
    expect(data(r).appointment).toEqual(appointment);
    const wrong = await h.call("get_appointment", { appointmentId: A.haircut });
    expect(textOf(wrong)).toMatch(/appointmentId must be 'ed'/);
    const unknown = await h.call("get_appointment", { appointmentId: `ed${"0".repeat(30)}` });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/Appointment not found/);
  });

  it("list_appointments by range and by customer, canceled ones only on request", async () => {
    const { customerId, appointment } = await booked("2026-03-24");
    const other = await booked("2026-03-25");
    const day = data(await h.call("list_appointments", { from: "2026-03-24" }));
    expect(day.appointments.map((a: Json) => a.id)).toEqual([appointment.id]);
    const week = data(await h.call("list_appointments", { from: "2026-03-23", to: "2026-03-29" }));
    expect(week.total).toBe(2);
    const mine = data(await h.call("list_appointments", { customerId }));
    expect(mine.appointments.map((a: Json) => a.id)).toEqual([appointment.id]);
    await h.call("cancel_appointment", { appointmentId: other.appointment.id, confirm: true });
    const live = data(await h.call("list_appointments", { from: "2026-03-23", to: "2026-03-29" }));
    expect(live.total).toBe(1);
    const all = data(
      await h.call("list_appointments", {
        from: "2026-03-23",
        to: "2026-03-29",
        includeCanceled: true,
      }),
    );
    expect(all.appointments[1].status).toBe("canceled");
    const naive = await h.call("list_appointments", { from: "2026-03-23T09:00" });
    expect(textOf(naive)).toMatch(/offset/);
  });

  it("move_appointment moves to a new slot; a canceled one cannot be moved", async () => {
    const { appointment } = await booked();
    const [target] = await slots({ from: "2026-03-26", staffId: A.jonas });
    const r = await h.call("move_appointment", {
      appointmentId: appointment.id,
      slotId: target.id,
      confirm: true,
    });
    expect(data(r).appointment).toMatchObject({
      start: target.start,
      moved: true,
      staff: [{ name: "Jonas Weber" }],
    });
    const consultation = data(
      await h.call("find_free_slots", {
        serviceId: A.consultation,
        from: "2026-03-27",
        detail: true,
      }),
    ).slots[0].options[0];
    const otherService = await h.call("move_appointment", {
      appointmentId: appointment.id,
      slotId: consultation.slotId,
      confirm: true,
    });
    expect(textOf(otherService)).toMatch(/belongs to another booking template/);
    expect(textOf(otherService)).toMatch(/find_free_slots/);
    await h.call("cancel_appointment", { appointmentId: appointment.id, confirm: true });
    const [next] = await slots({ from: "2026-03-27" });
    const refused = await h.call("move_appointment", {
      appointmentId: appointment.id,
      slotId: next.id,
      confirm: true,
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/canceled appointment cannot be moved/);
  });

  it("cancel_appointment without confirm changes nothing and says what would be canceled", async () => {
    const { appointment } = await booked();
    const r = await h.call("cancel_appointment", { appointmentId: appointment.id });
    expect(r.isError).toBeFalsy();
    expect(data(r)).toMatchObject({ canceled: false, appointment: { id: appointment.id } });
    expect(textOf(r)).toMatch(/"Haircut" for "Ada Lovelace" on 2026-03-24T09:00:00\+01:00/);
    expect(h.sandbox.requests.filter((q) => q.path.endsWith("/cancel"))).toHaveLength(0);
    expect(h.sandbox.appointments(acme)[0]?.canceled).toBe(false);

    const done = await h.call("cancel_appointment", {
      appointmentId: appointment.id,
      confirm: true,
    });
    expect(data(done)).toMatchObject({ canceled: true, appointment: { status: "canceled" } });
    const twice = await h.call("cancel_appointment", {
      appointmentId: appointment.id,
      confirm: true,
    });
    expect(twice.isError).toBeFalsy();
    expect(data(twice)).toMatchObject({
      canceled: true,
      alreadyCanceled: true,
      appointment: { id: appointment.id, status: "canceled" },
    });
    expect(textOf(twice)).toMatch(/Already canceled/);
    expect(h.sandbox.requests.filter((q) => q.path.endsWith("/cancel"))).toHaveLength(1);
  });

  it.each([
    ["accept", true, true],
    ["accept", false, false],
    ["decline", undefined, false],
  ] as const)(
    "with elicitation the user decides (%s, confirm=%s)",
    async (action, confirm, canceled) => {
      const { appointment } = await booked();
      const asked: string[] = [];
      const server = createServer({
        client: h.runtime.client,
        bookings: h.runtime.bookings,
        defaultOrganizationId: acme,
        logger: createLogger("silent", h.runtime.secrets),
        secrets: h.runtime.secrets,
      });
      const client = new Client(
        { name: "eliciting", version: "1.0.0" },
        { capabilities: { elicitation: {} } },
      );
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        asked.push(req.params.message);
        return action === "accept"
          ? { action, content: { confirm: confirm === true } }
          : { action };
      });
      const [a, b] = InMemoryTransport.createLinkedPair();
      await server.connect(b);
      await client.connect(a);
      try {
        // confirm: true from the model does not replace the user's answer.
        const r = (await client.callTool({
          name: "cancel_appointment",
          arguments: { appointmentId: appointment.id, confirm: true },
        })) as CallToolResult;
        expect(asked).toHaveLength(1);
        // Who, what, with whom, a readable time, then the exact ISO value, once each.
        expect(asked[0]).toMatch(
          /^Cancel the "Haircut" appointment of "Ada Lovelace" with "[A-Z][a-z]+ [A-Z][a-z]+" on Tue 24 Mar 2026, 09:00–09:30 \(Europe\/Berlin\) \(2026-03-24T09:00:00\+01:00\)\?$/,
        );
        expect((r.structuredContent as Json).canceled).toBe(canceled);
        expect(h.sandbox.appointments(acme)[0]?.canceled).toBe(canceled);
      } finally {
        await client.close();
        await server.close();
      }
    },
  );
});

it("no secret or token reaches logs or results along the booking flow and its failures", async () => {
  await h.reconnect({ timeoutMs: LOST_ANSWER_TIMEOUT_MS });
  const customerId = await customer();
  const [slot, other] = await slots({ from: "2026-03-24", staffId: A.jonas });
  h.sandbox.loseAnswerNext({ how: "drop", match: { pathIncludes: "appointment/add" } });
  const results = [
    await h.call("book_appointment", { slotId: slot.id, customerId }),
    await h.call("book_appointment", { slotId: other.id, customerId }),
    await h.call("list_appointments", { customerId }),
    await h.call("cancel_appointment", { appointmentId: `ed${"0".repeat(30)}`, confirm: true }),
  ];
  const everything = h.logs.text + JSON.stringify(results);
  expect(everything).not.toContain(SANDBOX_DEFAULT_CLIENT.clientSecret);
  expect(everything).not.toMatch(/sbx[ar]_/);
  expect(everything.toLowerCase()).not.toContain("bearer ");
});

// What the model reads of them: output schemas and icons are for the client (safety-switches.test.ts).
it("tools/list stays small: the booking tools average under 1.2 KB each in the model's context", async () => {
  const mine = new Set([
    "list_staff",
    "list_services",
    "find_free_slots",
    "book_appointment",
    "get_appointment",
    "list_appointments",
    "move_appointment",
    "cancel_appointment",
  ]);
  const tools = (await h.client.listTools()).tools.filter((t) => mine.has(t.name));
  expect(tools).toHaveLength(mine.size);
  const context = tools.map(({ outputSchema: _, icons: __, ...rest }) => rest);
  expect(JSON.stringify(context).length).toBeLessThan(mine.size * 1200);
});
