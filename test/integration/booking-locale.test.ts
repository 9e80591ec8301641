import { afterAll, beforeAll, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { data, flatSlots, MONDAY_8AM } from "../helpers/booking.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const { acme } = SANDBOX_ORGANIZATIONS;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ locale: "de" });
  h.sandbox.clock.set(MONDAY_8AM);
});
afterAll(() => h.close());

it("with BOOKINGTIME_LOCALE=de the whole booking scenario works: book, repeat, refused slot, move, cancel", async () => {
  const ok = async (name: string, args: Record<string, unknown>) => {
    const r = await h.call(name, args);
    expect(r.isError, textOf(r)).toBeFalsy();
    return data(r);
  };
  const customer = (await ok("add_customer", { firstName: "Jürgen", lastName: "Müller" })).customer;
  const find = async (from: string) =>
    flatSlots(
      await ok("find_free_slots", { serviceId: SANDBOX_BOOKING.acme.haircut, from, detail: true }),
    );
  const [slot] = await find("2026-03-24");
  const booked = await ok("book_appointment", { slotId: slot.id, customerId: customer.id });
  const again = await ok("book_appointment", { slotId: slot.id, customerId: customer.id });
  expect(again).toMatchObject({ repeated: true, appointment: { id: booked.appointment.id } });

  const other = (await ok("add_customer", { firstName: "Zoë", lastName: "Weiß" })).customer;
  const refused = await h.call("book_appointment", { slotId: slot.id, customerId: other.id });
  expect(refused.isError).toBe(true);
  expect(textOf(refused)).toMatch(/^Not booked/);

  const [target] = await find("2026-03-26");
  const moved = await ok("move_appointment", {
    appointmentId: booked.appointment.id,
    slotId: target.id,
    confirm: true,
  });
  expect(moved.appointment).toMatchObject({ start: target.start, moved: true });
  const canceled = await ok("cancel_appointment", {
    appointmentId: booked.appointment.id,
    confirm: true,
  });
  expect(canceled).toMatchObject({ canceled: true, appointment: { status: "canceled" } });
  expect(h.sandbox.appointments(acme)).toHaveLength(1);
  expect(h.sandbox.requests.some((q) => q.path.startsWith("/app/v3/de/organization/"))).toBe(true);
});
