import { describe, expect, it } from "vitest";
import {
  formatZoned,
  isoWeekday,
  isoWeekMonday,
  isoWeeksInYear,
  isRealDate,
  localDateOf,
  phpDateTimeUtc,
  zonedEpoch,
  zoneOffsetMinutes,
} from "../../packages/bookingtime-emulator/src/time.js";

// Expected values are written out by hand (calendar and tz database facts), not computed with the
// product's time code: the emulator must not check the product against itself.
describe("emulator time helpers", () => {
  it("know the offset of a zone on either side of a DST change", () => {
    expect(zoneOffsetMinutes("Europe/Berlin", Date.parse("2026-03-29T00:59:59Z"))).toBe(60);
    expect(zoneOffsetMinutes("Europe/Berlin", Date.parse("2026-03-29T01:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes("America/New_York", Date.parse("2026-01-15T12:00:00Z"))).toBe(-300);
    expect(zoneOffsetMinutes("Asia/Kolkata", Date.parse("2026-01-15T12:00:00Z"))).toBe(330);
    expect(zoneOffsetMinutes("UTC", 0)).toBe(0);
  });

  it("turn local wall-clock times into instants, a time in the gap landing after it", () => {
    const day = { year: 2026, month: 3, day: 29 };
    expect(new Date(zonedEpoch("Europe/Berlin", day, 60)).toISOString()).toBe(
      "2026-03-29T00:00:00.000Z",
    );
    // 02:30 does not exist in Berlin that night: the clock jumps from 02:00 to 03:00.
    expect(new Date(zonedEpoch("Europe/Berlin", day, 150)).toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    expect(new Date(zonedEpoch("Europe/Berlin", day, 600)).toISOString()).toBe(
      "2026-03-29T08:00:00.000Z",
    );
  });

  it("write ISO 8601 with the zone's offset, and UTC as +00:00", () => {
    const instant = Date.parse("2026-03-30T07:00:00Z");
    expect(formatZoned("Europe/Berlin", instant)).toBe("2026-03-30T09:00:00+02:00");
    expect(formatZoned("America/St_Johns", instant)).toBe("2026-03-30T04:30:00-02:30");
    expect(formatZoned("UTC", instant)).toBe("2026-03-30T07:00:00+00:00");
  });

  it("find the local date of an instant", () => {
    const lateUtc = Date.parse("2026-12-31T23:30:00Z");
    expect(localDateOf("Europe/Berlin", lateUtc)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(localDateOf("America/New_York", lateUtc)).toEqual({ year: 2026, month: 12, day: 31 });
  });

  it("count ISO weeks and weekdays", () => {
    expect(isoWeekday({ year: 2026, month: 3, day: 23 })).toBe(1);
    expect(isoWeekday({ year: 2026, month: 3, day: 29 })).toBe(7);
    expect(isoWeekMonday(2026, 1)).toEqual({ year: 2025, month: 12, day: 29 });
    expect(isoWeekMonday(2021, 1)).toEqual({ year: 2021, month: 1, day: 4 });
    expect([2020, 2025, 2026, 2027].map(isoWeeksInYear)).toEqual([53, 52, 53, 52]);
  });

  it("accept real dates only", () => {
    expect(isRealDate(2028, 2, 29)).toBe(true);
    expect(isRealDate(2026, 2, 29)).toBe(false);
    expect(isRealDate(2026, 13, 1)).toBe(false);
    expect(isRealDate(1969, 12, 31)).toBe(false);
  });

  it("write PHP's DateTime JSON in UTC as the SDK mock shows it", () => {
    expect(phpDateTimeUtc(Date.parse("2026-11-30T10:00:00Z"))).toEqual({
      date: "2026-11-30 10:00:00.000000",
      timezone_type: 3,
      timezone: "UTC",
    });
  });
});
