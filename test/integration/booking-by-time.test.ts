import { describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
  type Shapes,
  SLOT_TTL_MS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { bookingSteps, data, type Json, useBookingHarness } from "../helpers/booking.js";
import { type Harness, textOf } from "../helpers/harness.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;
const TUESDAY = "2026-03-24";

describe.each<Shapes>(["default", "sdk"])("booking by time (%s shapes)", (shapes) => {
  let h: Harness;
  const { customer } = bookingSteps(() => h);
  const live = () => h.sandbox.appointments(acme).filter((a) => !a.canceled);
  const adds = () =>
    h.sandbox.requests.filter((r) => r.method === "POST" && r.path.endsWith("/appointment/add"));

  useBookingHarness(
    (harness) => {
      h = harness;
    },
    { shapes },
  );

  it("find_free_slots names staff once and lists compact starts per day", async () => {
    const r = await h.call("find_free_slots", { serviceId: A.haircut, from: TUESDAY });
    const d = data(r);
    expect(d.staff).toEqual({
      M: { id: A.maria, name: "Maria Schmidt" },
      J: { id: A.jonas, name: "Jonas Weber" },
    });
    expect(d.service.durationMinutes).toBe(30);
    expect(d.today).toBe("Mon 2026-03-23");
    expect(d.days).toHaveLength(1);
    expect(d.days[0].date).toBe(TUESDAY);
    expect(d.days[0].times[0]).toBe("09:00 J M");
    expect(d.days[0].times.length).toBeGreaterThanOrEqual(30);
    expect(d.slots).toBeUndefined();
    expect(Buffer.byteLength(textOf(r))).toBeLessThan(1_500);
    // The text carries the same compact shape.
    expect(textOf(r)).toContain('"09:00 J M"');
  });

  it("find_free_slots takes a staff key as staffId, like an id", async () => {
    const byKey = data(
      await h.call("find_free_slots", { serviceId: A.haircut, from: TUESDAY, staffId: "m" }),
    );
    const byId = data(
      await h.call("find_free_slots", { serviceId: A.haircut, from: TUESDAY, staffId: A.maria }),
    );
    expect(byKey.days).toEqual(byId.days);
    expect(byKey.staff).toEqual({ M: { id: A.maria, name: "Maria Schmidt" } });
    expect(byKey.days[0].times[0]).toBe("09:00 M");
    const unknown = await h.call("find_free_slots", {
      serviceId: A.haircut,
      from: TUESDAY,
      staffId: "Q",
    });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain(`${A.maria} ("Maria Schmidt")`);
  });

  it("books by serviceId + date + start + staff key after the searched slot ids expired", async () => {
    const found = data(
      await h.call("find_free_slots", { serviceId: A.haircut, from: TUESDAY, detail: true }),
    );
    const seenIds = found.slots[0].options.map((o: Json) => o.slotId);
    const ada = await customer();
    h.sandbox.clock.advance(SLOT_TTL_MS + 60_000);
    // The id seen in the search is refused now...
    const stale = await h.call("book_appointment", { slotId: seenIds[0], customerId: ada });
    expect(stale.isError).toBe(true);
    // ...booking by time looks the current slot up itself.
    const r = await h.call("book_appointment", {
      serviceId: A.haircut,
      date: TUESDAY,
      start: "09:00",
      staffId: "J",
      customerId: ada,
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    const { appointment, repeated } = data(r);
    expect(repeated).toBe(false);
    expect(appointment.start).toBe("2026-03-24T09:00:00+01:00");
    expect(appointment.staff.map((s: Json) => s.id)).toEqual([A.jonas]);
    expect(live()).toHaveLength(1);
  });

  it("books a date-time with offset for anyone, and a repeat returns the first booking", async () => {
    const ada = await customer();
    const args = { serviceId: A.haircut, start: "2026-03-24T10:30:00+01:00", customerId: ada };
    const first = await h.call("book_appointment", args);
    expect(first.isError, textOf(first)).toBeFalsy();
    // Another process (a restart) finds it again by its customId.
    await h.reconnect({});
    const again = await h.call("book_appointment", args);
    expect(again.isError, textOf(again)).toBeFalsy();
    expect(data(again).repeated).toBe(true);
    expect(data(again).customId).toBe(data(first).customId);
    expect(data(again).appointment.id).toBe(data(first).appointment.id);
    expect(textOf(again)).toContain("same time and customer");
    expect(live()).toHaveLength(1);
    expect(adds()).toHaveLength(1);
  });

  it("a time just taken returns the nearest free times, before and after, and books nothing", async () => {
    const [ada, bob] = [await customer(), await customer("Byron")];
    const wanted = { serviceId: A.haircut, date: TUESDAY, start: "11:00", staffId: "J" };
    const taken = await h.call("book_appointment", { ...wanted, customerId: ada });
    expect(taken.isError, textOf(taken)).toBeFalsy();
    const before = adds().length;
    const r = await h.call("book_appointment", { ...wanted, customerId: bob });
    expect(r.isError).toBe(true);
    expect(adds()).toHaveLength(before);
    expect(live()).toHaveLength(1);
    const d = data(r);
    expect(d).toMatchObject({ booked: false, wanted: "2026-03-24T11:00:00+01:00" });
    expect(d.today).toBe("Mon 2026-03-23");
    expect(d.alternatives.staff).toEqual({ J: { id: A.jonas, name: "Jonas Weber" } });
    const times: string[] = d.alternatives.days[0].times;
    expect(d.alternatives.days[0].date).toBe(TUESDAY);
    // Jonas is busy 11:00-11:30 (10:45 would overlap); the sandbox's lunch break follows 11:30.
    expect(times).toEqual(["10:00 J", "10:15 J", "10:30 J", "11:30 J", "14:00 J", "14:15 J"]);
    expect(textOf(r)).toContain("10:30 J, 11:30 J");
    expect(textOf(r)).toContain("What to do:");
  });

  it("a time never offered (closed day) offers the next free times", async () => {
    const ada = await customer();
    const r = await h.call("book_appointment", {
      serviceId: A.haircut,
      date: "2026-03-29",
      start: "10:00",
      customerId: ada,
    });
    expect(r.isError).toBe(true);
    const { alternatives, reason } = data(r);
    expect(reason).toBe("not_free");
    expect(alternatives.days[0].date).toBe("2026-03-30");
    expect(adds()).toHaveLength(0);
  });

  it("refuses unclear requests before any booking request", async () => {
    const ada = await customer();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ serviceId: A.haircut, start: "09:00" }, "needs date"],
      [{ serviceId: A.haircut }, "serviceId + start"],
      [{ slotId: `4f${"x".repeat(30)}`, serviceId: A.haircut, start: "09:00" }, "either"],
      [{ serviceId: A.haircut, date: TUESDAY, start: "09:00", staffId: "Z" }, 'J ("Jonas'],
      [{ serviceId: A.haircut, date: TUESDAY, start: "2026-03-24T09:00" }, "offset"],
    ];
    for (const [args, says] of cases) {
      const r = await h.call("book_appointment", { ...args, customerId: ada });
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(r)).toContain(says);
    }
    expect(adds()).toHaveLength(0);
  });

  it("list_appointments states the zone and today once, not per appointment", async () => {
    const ada = await customer();
    const booked = await h.call("book_appointment", {
      serviceId: A.haircut,
      date: TUESDAY,
      start: "09:15",
      customerId: ada,
    });
    expect(booked.isError, textOf(booked)).toBeFalsy();
    for (const args of [{ from: TUESDAY }, { customerId: ada }]) {
      const r = await h.call("list_appointments", args);
      const d = data(r);
      expect(d).toMatchObject({ timeZone: "Europe/Berlin", today: "Mon 2026-03-23" });
      expect(d.appointments).toHaveLength(1);
      expect(d.appointments[0].timeZone).toBeUndefined();
      expect(d.appointments[0].start).toBe("2026-03-24T09:15:00+01:00");
      expect(textOf(r)).toContain("today is Mon 2026-03-23");
    }
  });

  it("an idempotencyKey reused for another time is refused", async () => {
    const ada = await customer();
    const base = { serviceId: A.haircut, date: TUESDAY, customerId: ada, idempotencyKey: "k-1" };
    expect((await h.call("book_appointment", { ...base, start: "09:00" })).isError).toBeFalsy();
    await h.reconnect({});
    const other = await h.call("book_appointment", { ...base, start: "12:00" });
    expect(other.isError).toBe(true);
    expect(textOf(other)).toContain("idempotencyKey was used for a different booking");
    expect(live()).toHaveLength(1);
  });
});
