import { describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { bookingSteps, data, useBookingHarness } from "../helpers/booking.js";
import { type Harness, textOf } from "../helpers/harness.js";

const { acme, globex } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;

let h: Harness;

const { customer, slots } = bookingSteps(() => h);

useBookingHarness((harness) => {
  h = harness;
});

describe("repeated book_appointment", () => {
  it("a repeat reaching a server that never listed the slot returns the first booking (found by its customId)", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    const first = data(await h.call("book_appointment", { slotId: slot.id, customerId }));
    // Another replica, or this one after a restart: same bookingtime, no memory of the booking.
    await h.reconnect({});
    const again = await h.call("book_appointment", { slotId: slot.id, customerId });
    expect(again.isError, textOf(again)).toBeFalsy();
    expect(data(again)).toMatchObject({
      repeated: true,
      customId: first.customId,
      appointment: { id: first.appointment.id },
    });
    expect(textOf(again)).toMatch(/same slot and customer, nothing new was booked/);
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
  });

  it("a repeat with the same idempotencyKey after a restart returns the first booking", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    const keyed = { slotId: slot.id, customerId, idempotencyKey: "crm/4711 a&b" };
    const first = data(await h.call("book_appointment", keyed));
    await h.reconnect({});
    const again = data(await h.call("book_appointment", keyed));
    expect(again).toMatchObject({ repeated: true, appointment: { id: first.appointment.id } });
    const identifies = h.sandbox.requests.filter((q) => q.path.endsWith("/identify"));
    expect(identifies.length).toBeGreaterThanOrEqual(2);
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
  });

  it("returns the appointment as it is now after a move, and says so", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24", staffId: A.jonas });
    const first = data(await h.call("book_appointment", { slotId: slot.id, customerId }));
    const [target] = await slots({ from: "2026-03-26", staffId: A.jonas });
    await h.call("move_appointment", {
      appointmentId: first.appointment.id,
      slotId: target.id,
      confirm: true,
    });
    const again = await h.call("book_appointment", { slotId: slot.id, customerId });
    expect(data(again)).toMatchObject({
      repeated: true,
      appointment: { id: first.appointment.id, start: target.start, moved: true },
    });
    expect(textOf(again)).toMatch(/same slot and customer/);
    expect(textOf(again)).not.toMatch(/identical/);
    expect(textOf(again)).toMatch(/moved since/);
  });

  it("says a repeated booking was canceled since, and that new notes were not applied", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    const keyed = { slotId: slot.id, customerId, idempotencyKey: "k-1" };
    const first = data(await h.call("book_appointment", keyed));
    await h.call("cancel_appointment", { appointmentId: first.appointment.id, confirm: true });
    const again = await h.call("book_appointment", { ...keyed, notes: "Bring photos" });
    expect(data(again)).toMatchObject({
      repeated: true,
      appointment: { id: first.appointment.id, status: "canceled" },
    });
    expect(textOf(again)).toMatch(/same idempotencyKey/);
    expect(textOf(again)).toMatch(/canceled since/);
    expect(data(again).warning).toMatch(/notes in this call were not applied/);
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
  });

  it("under a new idempotencyKey says the customer already holds the booking", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    const first = data(
      await h.call("book_appointment", { slotId: slot.id, customerId, idempotencyKey: "a" }),
    );
    const r = await h.call("book_appointment", {
      slotId: slot.id,
      customerId,
      idempotencyKey: "b",
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({
      alreadyHeld: true,
      recovered: false,
      appointment: { id: first.appointment.id },
    });
    expect(textOf(r)).toMatch(/this customer already holds this booking/i);
    expect(textOf(r)).not.toMatch(/lost answer/);
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
  });
});

describe("error texts", () => {
  it("name the tool's parameters, not bookingtime's", async () => {
    const customerId = await customer();
    const r = await h.call("book_appointment", { slotId: `4f${"0".repeat(30)}`, customerId });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/- slotId: This booking slot does not exist/);
    expect(textOf(r)).not.toMatch(/bookingSlotId/);
  });

  it("invalid arguments name each field with a What to do line, without the protocol prefix", async () => {
    const r = await h.call("book_appointment", {
      slotId: A.haircut,
      customerId: "d3short",
      slot: "x",
    });
    expect(r.isError).toBe(true);
    const text = textOf(r);
    expect(text).not.toMatch(/MCP error|-32602|Input validation error/);
    expect(text).toMatch(
      /^Invalid arguments for book_appointment; nothing was sent to bookingtime\./,
    );
    expect(text).toMatch(/^- slotId: slotId must be '4f'.*as find_free_slots returns it$/m);
    expect(text).toMatch(/^- customerId: customerId must be 'd3'/m);
    expect(text).toMatch(/^- slot: not a parameter of book_appointment$/m);
    expect(text).toMatch(
      /^What to do: correct the fields named above, then call book_appointment again\.$/m,
    );
    expect(h.sandbox.requests.filter((q) => q.path.includes("/appointment/"))).toHaveLength(0);
  });

  it("an id from another organization gets the organizationId hint", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    const booked = data(await h.call("book_appointment", { slotId: slot.id, customerId }));
    const hint = /Ids belong to one organization: pass the organizationId you used/;
    const appointment = await h.call("get_appointment", {
      organizationId: globex,
      appointmentId: booked.appointment.id,
    });
    expect(appointment.isError).toBe(true);
    expect(textOf(appointment)).toMatch(hint);
    const person = await h.call("get_customer", { organizationId: globex, customerId });
    expect(textOf(person)).toMatch(hint);
    const [other] = await slots({ from: "2026-03-25" });
    const slotElsewhere = await h.call("book_appointment", {
      organizationId: globex,
      slotId: other.id,
      customerId,
    });
    expect(textOf(slotElsewhere)).toMatch(hint);
  });
});
