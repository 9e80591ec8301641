import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ContractHarness, contractHarness, data, textOf } from "./harness.js";
import { envelope, type Json, ok, type Reply, raw, Upstream } from "./upstream.js";

// Issue 9: a write answered 2xx is done unless bookingtime says (by message type, never by
// wording) that it refused it and sends no record; then we find out what happened.

const SLOT = "4fvUBhUhH7XZPYafIIIL2UZ36ytUORmh";
const CUSTOMER = "d3AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const APPOINTMENT = "edygISPvY4ovvVTms3oQuShyF6dOhAbb";
const TEXT = "Zeitfenster bereits belegt";
const added = (): Json => envelope("module", "appointment_add");
const customer = { class: "CUSTOMER", id: CUSTOMER, firstName: "John", lastName: "Doe" };
const refusedIn = (type: string, status = 200): Reply =>
  ok({ messageList: [{ type, parameter: "bookingSlotId", text: TEXT }], content: null }, status);

let up: Upstream;
let h: ContractHarness;

beforeEach(async () => {
  up = await new Upstream().start();
  const org = envelope("module", "organization_list");
  up.on("GET", /^show$/, ok({ messageList: [], content: org.content.recordList[0] }));
  h = await contractHarness(up, { now: Date.parse("2023-12-31T12:00:00Z") });
});
afterEach(async () => {
  await h.close();
  await up.close();
});

/** Answers each call with the next reply; the last one repeats. */
function sequence(...replies: Reply[]) {
  let i = 0;
  return () => replies[Math.min(i++, replies.length - 1)] as Reply;
}
const count = (route: string) => up.api().filter((q) => q.route === route).length;
const book = () => h.call("book_appointment", { slotId: SLOT, customerId: CUSTOMER });
const addCustomer = (extra: Record<string, unknown> = {}) =>
  h.call("add_customer", { firstName: "John", lastName: "Doe", ...extra });
const missing = (): Reply => ({ status: 404, body: { messageList: [] } });

describe("a 2xx with an error message and no record is a refusal", () => {
  it.each(["error", "ERROR", "Error", "failure"])(
    "appointment/add (type %s), nothing under its customId: not booked, with the message",
    async (type) => {
      up.on("GET", /^appointment\/.+\/identify$/, missing());
      up.on("POST", /^appointment\/add$/, refusedIn(type));
      const r = await book();
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/^Not booked: bookingtime refused the request \(200\)/);
      expect(textOf(r)).toContain(`- slotId: ${TEXT}`);
      expect(textOf(r)).not.toMatch(/Do not book again/);
      expect(count("appointment/add")).toBe(1);
    },
  );

  it("appointment/add refused in a 201 but found under its customId: booked", async () => {
    up.on("GET", /^appointment\/.+\/identify$/, sequence(missing(), ok(added())));
    up.on("POST", /^appointment\/add$/, refusedIn("error", 201));
    const r = await book();
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ recovered: true, appointment: { id: APPOINTMENT } });
  });

  it("customer/add without customId: not created, with the message", async () => {
    up.on("POST", /^customer\/add$/, refusedIn("error"));
    const r = await addCustomer();
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Not created: bookingtime refused the request/);
    expect(textOf(r)).toContain(`- slotId: ${TEXT}`);
  });

  it("customer/add with customId, nothing found by it: not created, every time", async () => {
    up.on("GET", /^customer\/.+\/identify$/, missing());
    up.on("POST", /^customer\/add$/, refusedIn("error"));
    for (const _ of [1, 2]) {
      const r = await addCustomer({ customId: "crm/42" });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/^Not created:/);
      expect(textOf(r)).toContain(TEXT);
    }
    expect(count("customer/add")).toBe(2);
  });

  it("customer/edit: not updated, with the message", async () => {
    up.on("GET", /^customer\/\w+\/show$/, ok({ messageList: [], content: customer }));
    up.on("PUT", /^customer\/\w+\/edit$/, refusedIn("error"));
    const r = await h.call("update_customer", {
      customerId: CUSTOMER,
      email: "j@d.example",
      confirm: true,
    });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Not updated: bookingtime refused the request/);
    expect(textOf(r)).toContain(TEXT);
  });

  it("appointment/move that did not move it: not moved, with the message", async () => {
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    up.on("PUT", /^appointment\/\w+\/move$/, refusedIn("error"));
    const r = await h.call("move_appointment", {
      appointmentId: APPOINTMENT,
      slotId: SLOT,
      confirm: true,
    });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Not moved/);
    expect(textOf(r)).toContain(TEXT);
  });

  it("appointment/cancel that is still active when read back: not canceled, with the message", async () => {
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    up.on("PUT", /^appointment\/\w+\/cancel$/, refusedIn("error"));
    const r = await h.call("cancel_appointment", { appointmentId: APPOINTMENT, confirm: true });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Not canceled: bookingtime refused the request/);
    expect(textOf(r)).toContain(TEXT);
  });

  it("a 2xx without error messages and without a record stays done, details unavailable", async () => {
    up.on("POST", /^customer\/add$/, ok({ messageList: [{ type: "info", text: "x" }] }, 201));
    const r = await addCustomer();
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ created: true, detailsUnavailable: true });
  });
});

describe("a 2xx write whose body is not JSON is done", () => {
  it("customer/add without customId answered 201 HTML: created, details unavailable", async () => {
    up.on("POST", /^customer\/add$/, raw("<html>oops</html>", 201));
    const r = await addCustomer();
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ created: true, detailsUnavailable: true });
  });

  it("customer/add with customId: identify misses, 201 garbage, identify finds it: created", async () => {
    up.on("GET", /^customer\/.+\/identify$/, sequence(missing(), ok({ content: customer })));
    up.on("GET", /^customer\/\w+\/show$/, ok({ messageList: [], content: customer }));
    up.on("POST", /^customer\/add$/, raw("garbage", 201));
    const r = await addCustomer({ customId: "crm/42" });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ created: true, customer: { id: CUSTOMER } });
    expect(textOf(r)).toMatch(/^Created customer/);
    expect(count("customer/add")).toBe(1);
  });

  it("appointment/add answered 201 garbage is read back by its customId: booked", async () => {
    up.on("GET", /^appointment\/.+\/identify$/, sequence(missing(), ok(added())));
    up.on("POST", /^appointment\/add$/, raw("garbage", 201));
    const r = await book();
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ appointment: { id: APPOINTMENT } });
    expect(count("appointment/add")).toBe(1);
  });

  it("appointment/cancel answered 200 garbage: canceled, read back", async () => {
    const canceled = added();
    canceled.content.canceled = true;
    up.on("GET", /^appointment\/\w+\/show$/, sequence(ok(added()), ok(canceled)));
    up.on("PUT", /^appointment\/\w+\/cancel$/, raw("garbage"));
    const r = await h.call("cancel_appointment", { appointmentId: APPOINTMENT, confirm: true });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ canceled: true, appointment: { id: APPOINTMENT } });
  });

  it("appointment/move answered 200 garbage: moved", async () => {
    up.on("GET", /^appointment\/\w+\/show$/, ok(added()));
    up.on("PUT", /^appointment\/\w+\/move$/, raw("garbage"));
    const r = await h.call("move_appointment", {
      appointmentId: APPOINTMENT,
      slotId: SLOT,
      confirm: true,
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ moved: true, appointment: { id: APPOINTMENT } });
  });

  it("customer/edit answered 200 garbage: updated, read back", async () => {
    up.on("GET", /^customer\/\w+\/show$/, ok({ messageList: [], content: customer }));
    up.on("PUT", /^customer\/\w+\/edit$/, raw("garbage"));
    const r = await h.call("update_customer", {
      customerId: CUSTOMER,
      email: "j@d.example",
      confirm: true,
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(data(r)).toMatchObject({ updated: true, customer: { id: CUSTOMER } });
  });

  it("a read answered 200 garbage still fails", async () => {
    up.on("GET", /^bookingResource\/list$/, raw("garbage"));
    const r = await h.call("list_staff");
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/not bookingtime JSON/);
  });
});
