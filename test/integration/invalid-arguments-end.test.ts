import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_BOOKING } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const A = SANDBOX_BOOKING.acme;

// Refusals the tool makes itself (not its schema) must end like the schema's: with what to do.
describe("book_appointment argument refusals", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({});
  });
  afterAll(() => h.close());

  const customerId = `d3${"e".repeat(30)}`;
  const slotId = `4f${"c".repeat(30)}`;
  it.each([
    ["start without date", { serviceId: A.haircut, start: "10:00", customerId }],
    ["slotId with serviceId", { slotId, serviceId: A.haircut, start: "10:00", customerId }],
    [
      "a date that does not exist",
      { serviceId: A.haircut, date: "2026-02-30", start: "10:00", customerId },
    ],
    [
      "an hour that does not exist",
      { serviceId: A.haircut, date: "2026-03-24", start: "25:00", customerId },
    ],
  ])("%s ends with a What to do line and no blank line", async (_name, args) => {
    const before = h.sandbox.requests.length;
    const r = await h.call("book_appointment", args);
    expect(r.isError).toBe(true);
    const lines = textOf(r).split("\n");
    expect(lines.at(-1)).toMatch(/^What to do: \S/);
    expect(lines.every((l) => l.trim() !== "")).toBe(true);
    expect(h.sandbox.requests.slice(before).some((q) => q.path.endsWith("/appointment/add"))).toBe(
      false,
    );
  });
});
