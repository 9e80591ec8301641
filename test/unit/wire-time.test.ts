import { describe, expect, it } from "vitest";
import { appointmentSchema, listOf, slotListSchema } from "../../src/bookingtime/schemas.js";
import { instantOf, listZone, normalizeDateTime } from "../../src/bookingtime/wire-time.js";

describe("normalizeDateTime", () => {
  it.each([
    ["2026-11-30T10:00:00+00:00", "2026-11-30T10:00:00+00:00"],
    ["2024-01-01T18:30:00+0:00", "2024-01-01T18:30:00+00:00"],
    ["2026-11-30T11:00:00+0100", "2026-11-30T11:00:00+01:00"],
    ["2026-11-30T10:00:00Z", "2026-11-30T10:00:00Z"],
    ["2026-11-30 11:00:00", "2026-11-30T11:00:00"],
    ["2026-11-30T11:00:00.123456", "2026-11-30T11:00:00.123"],
  ])("%s -> %s", (input, output) => {
    expect(normalizeDateTime(input)).toBe(output);
  });

  it("reads PHP DateTime objects in UTC, an offset or an IANA zone", () => {
    const at = (timezone: string, date = "2026-11-30 10:00:00.000000") =>
      Date.parse(normalizeDateTime({ date, timezone }) ?? "");
    const utc = Date.parse("2026-11-30T10:00:00Z");
    expect(at("UTC")).toBe(utc);
    expect(at("+01:00", "2026-11-30 11:00:00.000000")).toBe(utc);
    expect(at("Europe/Berlin", "2026-11-30 11:00:00.000000")).toBe(utc);
    expect(
      normalizeDateTime({ date: "2026-11-30 10:00:00", timezone: "Mars/Base" }),
    ).toBeUndefined();
  });

  it("refuses what is not a date-time", () => {
    for (const bad of ["", "soon", "2024-13-01T00:00:00+00:00", "22024-01-03T23:59:59+00:00"]) {
      expect(normalizeDateTime(bad), bad).toBeUndefined();
    }
  });

  it("reads a naive time in the given zone", () => {
    expect(instantOf("2026-07-01T12:00:00", "Europe/Berlin")).toBe(
      Date.parse("2026-07-01T10:00:00Z"),
    );
    expect(instantOf("2026-07-01T12:00:00+00:00", "Europe/Berlin")).toBe(
      Date.parse("2026-07-01T12:00:00Z"),
    );
  });

  it("falls back to the organization's zone for a list zone Intl does not know", () => {
    expect(listZone("Europe\\/Berlin", "Europe/Vienna")).toEqual({
      zone: "Europe/Vienna",
      fellBack: true,
    });
    expect(listZone("UTC", "Europe/Vienna")).toEqual({ zone: "UTC", fellBack: false });
    expect(listZone(undefined, "Europe/Vienna")).toEqual({
      zone: "Europe/Vienna",
      fellBack: false,
    });
  });
});

describe("tolerant schemas", () => {
  it("an appointment with DateTime objects, customer [] and numeric strings parses", () => {
    const parsed = appointmentSchema.parse({
      id: "edAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      start: { date: "2026-11-30 10:00:00.000000", timezone_type: 3, timezone: "UTC" },
      end: "2026-11-30T12:00:00+0:00",
      duration: "120",
      priceGross: "34,99",
      customer: [],
      bookingResourceList: {},
      0: 99,
    });
    expect(parsed).toMatchObject({
      start: "2026-11-30T10:00:00.000Z",
      end: "2026-11-30T12:00:00+00:00",
      duration: 120,
      priceGross: 34.99,
      bookingResourceList: [],
    });
  });

  it("a list keeps the good records and names the bad ones", () => {
    const parsed = listOf(appointmentSchema).parse({
      recordTotal: "2",
      recordList: [
        {
          id: "edAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
          start: "2026-11-30T10:00:00Z",
          end: "2026-11-30T11:00:00Z",
        },
        { id: "edBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", start: "tomorrow", end: "2026-11-30T11:00:00Z" },
        "junk",
      ],
    });
    expect(parsed.recordList.map((a) => a.id)).toEqual(["edAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]);
    expect(parsed.skipped).toHaveLength(2);
    expect(parsed.skipped[0]).toMatchObject({ id: "edBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" });
    expect(parsed.skipped[0]?.issues[0]).toMatch(/^start: /);
  });

  it("earliest as nothing, one slot, a RANGE_LIST or a LIST", () => {
    const slot = { id: "4fAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", timestamp: "2024-01-01T18:15:00+00:00" };
    expect(slotListSchema.parse(null).list).toEqual([]);
    expect(slotListSchema.parse([]).list).toEqual([]);
    expect(slotListSchema.parse(slot).list).toHaveLength(1);
    expect(slotListSchema.parse({ class: "RANGE_LIST", list: [slot] }).list).toHaveLength(1);
    expect(slotListSchema.parse({ class: "LIST", recordList: [slot, slot] }).list).toHaveLength(2);
  });
});
