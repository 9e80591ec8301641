import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { data, flatSlots, MONDAY_8AM } from "../helpers/booking.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const UNKNOWN_CUSTOMER = `d3${"Q".repeat(30)}`;

// A refused add whose customId bookingtime does not know booked nothing, whatever else failed.
describe.each(["default", "sdk"] as const)("a refused booking (%s shapes)", (shapes) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ shapes });
    h.sandbox.clock.set(MONDAY_8AM);
  });
  afterAll(() => h.close());

  it("for a customer bookingtime does not know says not booked, not 'may or may not'", async () => {
    const found = await h.call("find_free_slots", {
      serviceId: SANDBOX_BOOKING.acme.haircut,
      from: "2026-03-24",
      detail: true,
    });
    const [slot] = flatSlots(data(found));
    const r = await h.call("book_appointment", { slotId: slot.id, customerId: UNKNOWN_CUSTOMER });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Not booked/);
    expect(textOf(r)).not.toMatch(/may or may not/);
    expect(h.sandbox.appointments(acme)).toHaveLength(0);
  });
});
