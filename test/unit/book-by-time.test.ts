import { describe, expect, it } from "vitest";
import { BookingMemory } from "../../src/booking/booking-memory.js";
import { nearestStarts, staffKeys } from "../../src/booking/free-times.js";
import type { BookingtimeApi } from "../../src/bookingtime/api.js";
import { ApiClientError } from "../../src/bookingtime/errors.js";
import type { ToolContext } from "../../src/tools/define.js";
import { TimeNotFreeError } from "../../src/tools/support/book-by-time.js";
import { planBooking } from "../../src/tools/support/booking-plan.js";

const ORG = "abcdefghijklmnopqrstuvwxyz012345";
const SERVICE = `fc${"S".repeat(30)}`;
const JONAS = `br${"J".repeat(30)}`;
const JANE = `br${"K".repeat(30)}`;
const CUSTOMER = `d3${"C".repeat(30)}`;
const NOW = Date.parse("2026-03-23T07:00:00Z");

const template = {
  id: SERVICE,
  name: "Haircut",
  duration: 30,
  bookingStepList: [
    {
      bookingResourceList: [
        { id: JONAS, name: "Jonas Weber" },
        { id: JANE, name: "Jane Jones" },
      ],
    },
  ],
};

const slot = (id: string, time: string, staff: string) => ({
  id,
  timestamp: `2026-03-24T${time}:00+01:00`,
  bookingResourceCombination: [staff],
});

describe("staff keys", () => {
  it("are short and unique, in the template's order", () => {
    const staff = new Map([
      [JONAS, { id: JONAS, name: "Jonas Weber" }],
      [JANE, { id: JANE, name: "Jane Jones" }],
      ["x", { id: "x" }],
    ]);
    expect([...staffKeys(staff).values()]).toEqual(["J", "JJ", "S3"]);
  });
});

describe("nearest free starts", () => {
  it("takes up to three before and after on the same day, then later days", () => {
    const at = (iso: string) => ({ startMs: Date.parse(iso), slots: [] });
    const starts = [
      at("2026-03-24T08:00:00+01:00"),
      at("2026-03-24T08:15:00+01:00"),
      at("2026-03-24T08:30:00+01:00"),
      at("2026-03-24T08:45:00+01:00"),
      at("2026-03-24T09:15:00+01:00"),
      at("2026-03-25T09:00:00+01:00"),
      at("2026-03-25T09:15:00+01:00"),
    ];
    const wanted = Date.parse("2026-03-24T09:00:00+01:00");
    const got = nearestStarts(starts, wanted, "Europe/Berlin").map((s) =>
      new Date(s.startMs).toISOString(),
    );
    expect(got).toEqual([
      "2026-03-24T07:15:00.000Z",
      "2026-03-24T07:30:00.000Z",
      "2026-03-24T07:45:00.000Z",
      "2026-03-24T08:15:00.000Z",
      "2026-03-25T08:00:00.000Z",
      "2026-03-25T08:15:00.000Z",
    ]);
  });
});

describe("nearest free starts from overlapping lists", () => {
  it("names each start once (slots merged) and still gives three distinct times", () => {
    const slot = (id: string) => ({ id, timestamp: "", bookingResourceCombination: [id] });
    const at = (iso: string, id: string) => ({ startMs: Date.parse(iso), slots: [slot(id)] });
    // The same day listed twice: once alone, once inside the following week's range.
    const starts = [
      at("2026-12-04T17:00:00+01:00", "a"),
      at("2026-12-04T17:15:00+01:00", "a"),
      at("2026-12-04T17:30:00+01:00", "a"),
      at("2026-12-04T17:15:00+01:00", "b"),
      at("2026-12-04T17:30:00+01:00", "b"),
    ];
    const got = nearestStarts(
      starts as never,
      Date.parse("2026-12-04T23:30:00+01:00"),
      "Europe/Berlin",
    );
    expect(got.map((s) => new Date(s.startMs).toISOString())).toEqual([
      "2026-12-04T16:00:00.000Z",
      "2026-12-04T16:15:00.000Z",
      "2026-12-04T16:30:00.000Z",
    ]);
    expect(got[2]?.slots.map((s) => s.id)).toEqual(["a", "b"]);
  });
});

describe("booking by time when the add is refused because the time was taken meanwhile", () => {
  it("answers with the nearest free times, reason taken, and sends one add only", async () => {
    let listings = 0;
    let adds = 0;
    // The first listing still offers 09:00; by the time the add arrives someone else has it.
    const api = {
      timeZone: async () => "Europe/Berlin",
      organizationTimeZone: async () => "Europe/Berlin",
      showBookingTemplate: async () => template,
      findAppointmentByCustomId: async () => undefined,
      customerAppointments: async () => ({ recordList: [], pageTotal: 1 }),
      listBookingSlots: async () => {
        listings += 1;
        const list =
          listings === 1
            ? [slot("4fA", "08:45", JONAS), slot("4fB", "09:00", JONAS)]
            : [slot("4fA", "08:45", JONAS), slot("4fC", "09:30", JONAS)];
        return { timeZone: "Europe/Berlin", list, skipped: [] };
      },
      addAppointment: async () => {
        adds += 1;
        throw new ApiClientError("slot taken", { status: 409 });
      },
    } as unknown as BookingtimeApi;
    const ctx = {
      api,
      bookings: new BookingMemory({ now: () => NOW }),
      now: () => NOW,
      organizationId: () => ORG,
    } as unknown as ToolContext;
    const plan = await planBooking(
      {
        serviceId: SERVICE,
        date: "2026-03-24",
        start: "09:00",
        staffId: "j",
        customerId: CUSTOMER,
      },
      ctx,
      ORG,
    );
    const failure = await plan.run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TimeNotFreeError);
    const details = (failure as TimeNotFreeError).details;
    expect(details).toMatchObject({
      booked: false,
      reason: "taken",
      wanted: "2026-03-24T09:00:00+01:00",
      alternatives: { days: [{ date: "2026-03-24", times: ["08:45 J", "09:30 J"] }] },
    });
    expect((failure as Error).message).toContain("was just taken");
    expect(adds).toBe(1);
  });

  it("derives one customId from org, service, start, staff and customer, whichever form start takes", async () => {
    const api = {
      timeZone: async () => "Europe/Berlin",
      organizationTimeZone: async () => "Europe/Berlin",
      showBookingTemplate: async () => template,
    } as unknown as BookingtimeApi;
    const ctx = { api, bookings: new BookingMemory(), now: () => NOW } as unknown as ToolContext;
    const base = { serviceId: SERVICE, customerId: CUSTOMER };
    const a = await planBooking(
      { ...base, date: "2026-03-24", start: "09:00", staffId: "J" },
      ctx,
      ORG,
    );
    const b = await planBooking(
      { ...base, start: "2026-03-24T08:00:00Z", staffId: JONAS },
      ctx,
      ORG,
    );
    const other = await planBooking(
      { ...base, date: "2026-03-24", start: "09:00", staffId: "JJ" },
      ctx,
      ORG,
    );
    expect(a.customId).toBe(b.customId);
    expect(other.customId).not.toBe(a.customId);
    expect(a.customId).toMatch(/^mcp-[A-Za-z0-9_-]{24}$/);
  });
});
