import { describe, expect, it } from "vitest";
import { coverRange, precheckRange, resolveRange } from "../../src/booking/time-range.js";
import {
  addDays,
  formatZoned,
  isoWeek,
  isoWeekMonday,
  isoWeeksInYear,
  localDateOf,
  offsetMinutes,
  parseTimeInput,
  zonedEpoch,
} from "../../src/bookingtime/time.js";

const d = (s: string) => {
  const [year, month, day] = s.split("-").map(Number) as [number, number, number];
  return { year, month, day };
};

describe("zoned time", () => {
  it("knows the offset on both sides of a DST change", () => {
    expect(offsetMinutes("Europe/Berlin", Date.parse("2026-03-29T00:59:00Z"))).toBe(60);
    expect(offsetMinutes("Europe/Berlin", Date.parse("2026-03-29T01:00:00Z"))).toBe(120);
    expect(offsetMinutes("America/New_York", Date.parse("2026-07-01T12:00:00Z"))).toBe(-240);
    expect(offsetMinutes("Asia/Kolkata", Date.parse("2026-01-01T00:00:00Z"))).toBe(330);
  });

  it("turns local wall-clock times into instants, DST-correct", () => {
    expect(zonedEpoch("Europe/Berlin", d("2026-03-27"), 9 * 60)).toBe(
      Date.parse("2026-03-27T08:00:00Z"),
    );
    expect(zonedEpoch("Europe/Berlin", d("2026-03-30"), 9 * 60)).toBe(
      Date.parse("2026-03-30T07:00:00Z"),
    );
    // 02:30 does not exist that night: it lands after the gap.
    expect(zonedEpoch("Europe/Berlin", d("2026-03-29"), 150)).toBe(
      Date.parse("2026-03-29T01:30:00Z"),
    );
    expect(zonedEpoch("America/New_York", d("2026-11-01"), 0)).toBe(
      Date.parse("2026-11-01T04:00:00Z"),
    );
  });

  it("formats with the offset in force", () => {
    expect(formatZoned("Europe/Berlin", Date.parse("2026-03-30T07:00:00Z"))).toBe(
      "2026-03-30T09:00:00+02:00",
    );
    expect(formatZoned("America/New_York", Date.parse("2026-01-05T15:30:00Z"))).toBe(
      "2026-01-05T10:30:00-05:00",
    );
    expect(formatZoned("Asia/Kolkata", Date.parse("2026-01-05T00:00:00Z"))).toBe(
      "2026-01-05T05:30:00+05:30",
    );
    expect(localDateOf("Pacific/Auckland", Date.parse("2026-01-05T12:00:00Z"))).toEqual(
      d("2026-01-06"),
    );
  });

  it("numbers ISO weeks across year ends", () => {
    expect(isoWeek(d("2026-03-23"))).toEqual({ year: 2026, week: 13 });
    expect(isoWeek(d("2027-01-01"))).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(d("2024-12-30"))).toEqual({ year: 2025, week: 1 });
    expect(isoWeekMonday(2025, 1)).toEqual(d("2024-12-30"));
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(addDays(d("2028-02-28"), 1)).toEqual(d("2028-02-29"));
  });
});

describe("parseTimeInput", () => {
  it.each([
    ["2026-03-24", { kind: "date", date: d("2026-03-24") }],
    ["2026-03-24T14:00:00+01:00", { kind: "instant", epochMs: Date.parse("2026-03-24T13:00:00Z") }],
    ["2026-03-24T14:00Z", { kind: "instant", epochMs: Date.parse("2026-03-24T14:00:00Z") }],
    [
      "2026-03-24T14:00:00.250-0500",
      { kind: "instant", epochMs: Date.parse("2026-03-24T19:00:00.250Z") },
    ],
  ])("accepts %s", (input, expected) => {
    expect(parseTimeInput(input)).toEqual(expected);
  });

  it.each([
    ["2026-03-24T14:00", /no UTC offset/],
    ["2026-03-24 14:00:00", /no UTC offset/],
    ["2026-02-29", /real calendar date/],
    ["2026-03-24T25:00+01:00", /real date and time/],
    ["tomorrow", /YYYY-MM-DD/],
    ["1711285200", /YYYY-MM-DD/],
  ])("refuses %s", (input, message) => {
    const parsed = parseTimeInput(input);
    expect("error" in parsed && parsed.error).toMatch(message);
  });
});

describe("ranges", () => {
  it("reads dates in the organization's zone, to inclusive", () => {
    const r = resolveRange("2026-03-27", "2026-03-30", "Europe/Berlin");
    expect(r.startMs).toBe(Date.parse("2026-03-26T23:00:00Z"));
    expect(r.endMs).toBe(Date.parse("2026-03-30T22:00:00Z"));
    expect(r.firstDay).toEqual(d("2026-03-27"));
    expect(r.lastDay).toEqual(d("2026-03-30"));
    const oneDay = resolveRange("2026-03-24T14:00:00+01:00", undefined, "Europe/Berlin");
    expect(oneDay.endMs).toBe(Date.parse("2026-03-24T23:00:00Z"));
  });

  it("caps ranges at 31 days and refuses backwards ones", () => {
    expect(() => resolveRange("2026-03-01", "2026-03-31", "UTC")).not.toThrow();
    expect(() => resolveRange("2026-03-01", "2026-04-01", "UTC")).toThrow(/31 days/);
    expect(() => precheckRange("2026-01-01", "2026-03-01")).toThrow(/31 days/);
    expect(() => precheckRange("2026-03-05", "2026-03-01")).toThrow(/before/);
    expect(() => resolveRange("2026-03-05T10:00:00Z", "2026-03-05T09:00:00Z", "UTC")).toThrow(
      /after/,
    );
  });

  it.each([
    ["2026-03-24", "2026-03-24", ["day 2026-3-24"]],
    ["2026-03-23", "2026-03-29", ["week 2026-13"]],
    ["2026-03-24", "2026-03-26", ["week 2026-13"]],
    ["2026-03-01", "2026-03-31", ["month 2026-3"]],
    ["2026-03-28", "2026-04-03", ["month 2026-3", "week 2026-14"]],
    ["2026-03-10", "2026-04-09", ["month 2026-3", "month 2026-4"]],
    ["2026-12-30", "2027-01-02", ["week 2026-53"]],
    // Sunday + Monday straddle two weeks; one month call beats two.
    ["2026-03-29", "2026-03-30", ["month 2026-3"]],
    ["2026-05-31", "2026-06-01", ["day 2026-5-31", "day 2026-6-1"]],
  ])("covers %s..%s with the fewest calls", (from, to, expected) => {
    const units = coverRange(d(from), d(to)).map((u) =>
      u.unit === "day"
        ? `day ${u.year}-${u.month}-${u.day}`
        : u.unit === "week"
          ? `week ${u.year}-${u.week}`
          : `month ${u.year}-${u.month}`,
    );
    expect(units).toEqual(expected);
  });
});
