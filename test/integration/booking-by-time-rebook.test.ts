import { describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
  type Shapes,
} from "../../packages/bookingtime-emulator/src/index.js";
import { bookingSteps, data, useBookingHarness } from "../helpers/booking.js";
import { type Harness, textOf } from "../helpers/harness.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;
const TUESDAY = "2026-03-24";

describe.each<Shapes>(["default", "sdk"])("booking a time again (%s shapes)", (shapes) => {
  let h: Harness;
  const { customer, slots } = bookingSteps(() => h);
  const all = () => h.sandbox.appointments(acme);
  const live = () => all().filter((a) => !a.canceled);
  const adds = () =>
    h.sandbox.requests.filter((r) => r.method === "POST" && r.path.endsWith("/appointment/add"));

  useBookingHarness(
    (harness) => {
      h = harness;
    },
    { shapes },
  );

  const call = async (args: Record<string, unknown>) => {
    const r = await h.call("book_appointment", args);
    expect(r.isError, textOf(r)).toBeFalsy();
    return r;
  };

  it("book, cancel, the same call books anew; its repeat returns the new booking", async () => {
    const ada = await customer();
    const args = {
      serviceId: A.haircut,
      date: TUESDAY,
      start: "14:00",
      staffId: "M",
      customerId: ada,
    };
    const first = data(await call(args));
    const cancel = await h.call("cancel_appointment", {
      appointmentId: first.appointment.id,
      confirm: true,
    });
    expect(cancel.isError, textOf(cancel)).toBeFalsy();
    // Same process (its memory remembers the first) and the same call.
    const again = await call(args);
    expect(textOf(again)).toMatch(/^Booked/);
    expect(data(again)).toMatchObject({ repeated: false, appointment: { status: "booked" } });
    expect(data(again).appointment.id).not.toBe(first.appointment.id);
    expect(data(again).customId).not.toBe(first.customId);
    expect(all()).toHaveLength(2);
    expect(live()).toHaveLength(1);
    // A repeat from another process converges on the new booking.
    await h.reconnect({});
    const repeat = data(await call(args));
    expect(repeat).toMatchObject({
      repeated: true,
      customId: data(again).customId,
      appointment: { id: data(again).appointment.id, status: "booked" },
    });
    // And from this process's memory.
    expect(data(await call(args)).appointment.id).toBe(data(again).appointment.id);
    expect(all()).toHaveLength(2);
    expect(adds()).toHaveLength(2);
  });

  it("book, cancel in another process, book again: a new booking", async () => {
    const ada = await customer();
    const args = { serviceId: A.haircut, date: TUESDAY, start: "14:00", customerId: ada };
    const first = data(await call(args));
    await h.reconnect({});
    await h.call("cancel_appointment", { appointmentId: first.appointment.id, confirm: true });
    const again = data(await call(args));
    expect(again.repeated).toBe(false);
    expect(again.appointment.id).not.toBe(first.appointment.id);
    expect(live()).toHaveLength(1);
  });

  it("book, move away, book the old time again: a new booking at the old time", async () => {
    const ada = await customer();
    const args = {
      serviceId: A.haircut,
      date: TUESDAY,
      start: "15:00",
      staffId: "M",
      customerId: ada,
    };
    const first = data(await call(args));
    const [target] = await slots({ from: "2026-03-26", staffId: A.maria });
    const moved = await h.call("move_appointment", {
      appointmentId: first.appointment.id,
      slotId: target.id,
      confirm: true,
    });
    expect(moved.isError, textOf(moved)).toBeFalsy();
    const again = await call(args);
    expect(textOf(again)).toMatch(/^Booked/);
    expect(data(again).appointment).toMatchObject({ start: "2026-03-24T15:00:00+01:00" });
    expect(data(again).appointment.id).not.toBe(first.appointment.id);
    expect(live()).toHaveLength(2);
    await h.reconnect({});
    expect(data(await call(args)).appointment.id).toBe(data(again).appointment.id);
    expect(live()).toHaveLength(2);
  });

  it("with an idempotencyKey a canceled booking is reported, advising a new key", async () => {
    const ada = await customer();
    const args = {
      serviceId: A.haircut,
      date: TUESDAY,
      start: "14:00",
      customerId: ada,
      idempotencyKey: "crm-1",
    };
    const first = data(await call(args));
    await h.call("cancel_appointment", { appointmentId: first.appointment.id, confirm: true });
    for (const restart of [false, true]) {
      if (restart) await h.reconnect({});
      const again = await call(args);
      expect(data(again)).toMatchObject({
        repeated: true,
        appointment: { id: first.appointment.id, status: "canceled" },
      });
      expect(textOf(again)).toMatch(/canceled since.*new idempotencyKey/);
    }
    expect(all()).toHaveLength(1);
  });

  it("names the customer the call booked for, even when records carry none", async () => {
    const ada = await customer();
    const r = await call({ serviceId: A.haircut, date: TUESDAY, start: "09:00", customerId: ada });
    expect(data(r).appointment.customer).toMatchObject({ id: ada });
    expect(textOf(r)).not.toContain("unknown customer");
  });

  it("a refused add by time advises about the time, not about slot ids", async () => {
    const ada = await customer();
    h.sandbox.failNext({ status: 400, match: { pathIncludes: "/appointment/add" } });
    const r = await h.call("book_appointment", {
      serviceId: A.haircut,
      date: TUESDAY,
      start: "09:00",
      customerId: ada,
    });
    expect(r.isError).toBe(true);
    expect(textOf(r)).not.toMatch(/slot id/);
    expect(textOf(r)).toMatch(/find_free_slots for that day/);
    expect(live()).toHaveLength(0);
  });

  it("a time in the past is refused before any booking request", async () => {
    const ada = await customer();
    for (const [date, start] of [
      ["2026-03-22", "10:00"],
      ["2026-03-23", "07:30"],
    ]) {
      const r = await h.call("book_appointment", {
        serviceId: A.haircut,
        date,
        start,
        customerId: ada,
      });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/is in the past \(today is Mon 2026-03-23/);
      expect(data(r)?.alternatives).toBeUndefined();
    }
    expect(adds()).toHaveLength(0);
  });
});
