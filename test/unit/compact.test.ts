import { describe, expect, it } from "vitest";
import {
  ACME_ORGANIZATION_ID,
  acmeOrganization,
} from "../../packages/bookingtime-emulator/src/fixtures.js";
import { effective } from "../../src/booking/compact.js";

type Leaf = [path: string, value: unknown];

/** Every non-empty leaf with its path, after resolving inheritance, without class tags. */
function leaves(value: unknown, path = ""): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${path}[${i}]`));
  if (value === null || value === undefined || value === "") return [];
  if (typeof value !== "object") return [[path, value]];
  const record = value as Record<string, unknown>;
  if (record.class === "INHERITANCE") return leaves(record.result, path);
  return Object.entries(record)
    .filter(([key]) => key !== "class")
    .flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key));
}

/** Leaf values by path with array indexes removed (dropping an item shifts the indexes). */
function valuesByShape(list: Leaf[]): Map<string, unknown[]> {
  const byShape = new Map<string, unknown[]>();
  for (const [path, value] of list) {
    const shape = path.replace(/\[\d+\]/g, "[]");
    byShape.set(shape, [...(byShape.get(shape) ?? []), value]);
  }
  return byShape;
}

describe("effective()", () => {
  it("replaces an INHERITANCE wrapper by its result, not its value", () => {
    expect(
      effective({
        email: {
          class: "INHERITANCE",
          value: "info@acme.com",
          inheritance: "PARENT_ORGANIZATION",
          result: "central@acme.com",
        },
      }),
    ).toStrictEqual({ email: "central@acme.com" });
  });

  it("unwraps INHERITANCE nested in objects and inside arrays", () => {
    const input = {
      settings: {
        class: "ORGANIZATION_SETTINGS",
        timeZone: { class: "INHERITANCE", value: "UTC", inheritance: "X", result: "Europe/Berlin" },
      },
      list: [
        { class: "INHERITANCE", value: "", inheritance: "X", result: "a" },
        { class: "ITEM", name: { class: "INHERITANCE", value: null, result: "b" } },
      ],
    };
    expect(effective(input)).toStrictEqual({
      settings: { timeZone: "Europe/Berlin" },
      list: ["a", { name: "b" }],
    });
  });

  it("unwraps a result that is itself wrapped", () => {
    expect(
      effective({
        class: "INHERITANCE",
        value: "x",
        result: { class: "INHERITANCE", value: "y", result: { class: "ADDRESS", city: "Hamburg" } },
      }),
    ).toStrictEqual({ city: "Hamburg" });
  });

  it("drops class tags everywhere", () => {
    expect(
      effective({
        class: "ORGANIZATION",
        a: { class: "ADDRESS", city: "Hamburg" },
        b: [{ class: "X", v: 1 }],
      }),
    ).toStrictEqual({ a: { city: "Hamburg" }, b: [{ v: 1 }] });
  });

  it("drops empty values: '', null, undefined, [], {}", () => {
    expect(effective({ a: "", b: null, c: undefined, d: [], e: {}, keep: "x" })).toStrictEqual({
      keep: "x",
    });
  });

  it("drops values that become empty after compaction", () => {
    expect(
      effective({
        onlyClass: { class: "ADDRESS" },
        emptyInside: { class: "ADDRESS", extra: "", zip: null },
        emptyResult: { class: "INHERITANCE", value: "set here", result: "" },
        emptyListResult: { class: "INHERITANCE", value: ["x"], result: [] },
        listOfEmpties: [
          "",
          null,
          {},
          [],
          { class: "X" },
          { class: "INHERITANCE", value: "v", result: null },
        ],
        deep: { a: { b: { c: [{ d: "" }] } } },
        keep: 1,
      }),
    ).toStrictEqual({ keep: 1 });
  });

  it("keeps false and 0, also as inherited results and inside arrays", () => {
    expect(
      effective({
        blocked: false,
        count: 0,
        earliest: { class: "INHERITANCE", value: 5, result: 0 },
        showPrice: { class: "INHERITANCE", value: true, result: false },
        flags: [false, 0, ""],
      }),
    ).toStrictEqual({ blocked: false, count: 0, earliest: 0, showPrice: false, flags: [false, 0] });
  });

  it("passes scalars through and keeps array order", () => {
    expect(effective("x")).toBe("x");
    expect(effective(0)).toBe(0);
    expect(effective(false)).toBe(false);
    expect(effective(null)).toBe(null);
    expect(effective(["b", "", "a"])).toStrictEqual(["b", "a"]);
  });

  it("does not modify its input", () => {
    const input = { a: { class: "INHERITANCE", value: "", result: "x" }, b: "", c: { class: "X" } };
    const copy = structuredClone(input);
    effective(input);
    expect(input).toStrictEqual(copy);
  });

  it("drops a nested organizationId that names the organization the record sits in", () => {
    const org = "f6123456789101112131415aBCdeFgHi";
    const other = "f6G10bexG10bexG10bexG10bexG10bex";
    expect(
      effective({
        class: "ORGANIZATION",
        id: org,
        settings: {
          class: "ORGANIZATION_SETTINGS",
          smsTemplateList: [
            { class: "SMS_TEMPLATE_SHORT", id: "6G1", name: "Reminder", organizationId: org },
            { class: "SMS_TEMPLATE_SHORT", id: "6G2", name: "Parent's", organizationId: other },
          ],
        },
      }),
    ).toStrictEqual({
      id: org,
      settings: {
        smsTemplateList: [
          { id: "6G1", name: "Reminder" },
          { id: "6G2", name: "Parent's", organizationId: other },
        ],
      },
    });
  });

  it("drops organizationId equal to the one given by the caller, and only then", () => {
    const org = "f6123456789101112131415aBCdeFgHi";
    const customers = [
      { class: "CUSTOMER", id: "d31", organizationId: org },
      { class: "CUSTOMER", id: "d32", organizationId: "f6G10bexG10bexG10bexG10bexG10bex" },
    ];
    expect(effective(customers, { organizationId: org })).toStrictEqual([
      { id: "d31" },
      { id: "d32", organizationId: "f6G10bexG10bexG10bexG10bexG10bex" },
    ]);
    expect(effective(customers)).toStrictEqual([
      { id: "d31", organizationId: org },
      { id: "d32", organizationId: "f6G10bexG10bexG10bexG10bexG10bex" },
    ]);
  });

  it("drops translations that repeat the effective text beside them, keeps the others", () => {
    expect(
      effective({
        name: "Haircut",
        nameI18nList: [
          { class: "KEY_VALUE", key: "en", value: "Haircut" },
          { class: "KEY_VALUE", key: "de", value: "Haarschnitt" },
        ],
        calendarText: { class: "INHERITANCE", value: "", result: "[NAME]" },
        calendarTextI18nList: {
          class: "INHERITANCE",
          value: [],
          result: [{ class: "KEY_VALUE", key: "en", value: "[NAME]" }],
        },
        description: "Die erste Firma",
        descriptionI18nList: [{ class: "KEY_VALUE", key: "en", value: "First organization" }],
      }),
    ).toStrictEqual({
      name: "Haircut",
      nameI18nList: [{ key: "de", value: "Haarschnitt" }],
      calendarText: "[NAME]",
      description: "Die erste Firma",
      descriptionI18nList: [{ key: "en", value: "First organization" }],
    });
  });

  it("keeps a translation list when there is no text beside it", () => {
    expect(
      effective({ titleI18nList: [{ class: "KEY_VALUE", key: "en", value: "Hello" }] }),
    ).toStrictEqual({ titleI18nList: [{ key: "en", value: "Hello" }] });
  });

  it("keeps every effective value of the full ACME record except the repetitions it names", () => {
    const before = valuesByShape(leaves(acmeOrganization));
    const after = valuesByShape(leaves(effective(acmeOrganization)));
    const dropped: string[] = [];
    for (const [shape, values] of before) {
      const kept = after.get(shape) ?? [];
      for (const value of values) {
        const at = kept.indexOf(value);
        if (at >= 0) kept.splice(at, 1);
        else dropped.push(`${shape}=${String(value)}`);
      }
      expect(kept, `${shape} gained values`).toStrictEqual([]);
    }
    expect([...after.keys()].filter((shape) => !before.has(shape))).toStrictEqual([]);
    // The owner's id in 7 e-mail, 1 SMS, 1 extra-field and 1 license record; one translation equal to its text.
    const repeatedOwner = dropped.filter((d) =>
      d.endsWith(`.organizationId=${ACME_ORGANIZATION_ID}`),
    );
    expect(repeatedOwner.length).toBe(10);
    expect(dropped.filter((d) => !repeatedOwner.includes(d))).toStrictEqual([
      "settings.externalCalendarContentCustomerI18nList[].key=en",
      "settings.externalCalendarContentCustomerI18nList[].value=[ORGANIZATION_NAME] [BOOKING_TEMPLATE_PUBLIC_NAME]",
    ]);
  });

  it("compacts a fragment of the ACME organization from the getting-started page", () => {
    // From ../shared/reference/bookingtime-getting-started.txt, "Show an Organization".
    const acme = {
      class: "ORGANIZATION",
      id: "f6123456789101112131415aBCdeFgH",
      customId: "123-1",
      contractAccount: {
        class: "CONTRACT_ACCOUNT",
        id: "c4123456789101112131415aBCdeFgH",
        customId: "acme",
        accountNumber: 10000001,
        name: "ACME ContractAccount",
      },
      name: "ACME",
      rootOrganizationFlag: false,
      blocked: false,
      notes: "",
      address: {
        class: "INHERITANCE",
        value: {
          class: "ADDRESS",
          name: "ACME",
          extra: "First floor",
          street: "Street 10",
          zip: "12345",
          city: "Hamburg",
          country: "DE",
          geoCoordinates: { class: "GEO_COORDINATES", latitude: 52.6059747, longitude: 8.9841561 },
        },
        inheritance: "PARENT_ORGANIZATION",
        result: {
          class: "ADDRESS",
          name: "ACME",
          extra: "",
          street: "Street 10",
          zip: "12345",
          city: "Hamburg",
          country: "DE",
          geoCoordinates: { class: "GEO_COORDINATES", latitude: 52.6059747, longitude: 8.9841561 },
        },
      },
      telephone: {
        class: "INHERITANCE",
        value: "040/12345678",
        inheritance: "PARENT_ORGANIZATION",
        result: "040/12345678",
      },
      description: {
        class: "INHERITANCE",
        value: "First sub organization",
        inheritance: "PARENT_ORGANIZATION",
        result: "Die erste Firma aus dem datafixture...",
      },
      descriptionI18nList: {
        class: "INHERITANCE",
        value: [],
        inheritance: "PARENT_ORGANIZATION",
        result: [{ class: "KEY_VALUE", key: "en", value: "First organization" }],
      },
      logo: {
        class: "INHERITANCE",
        value: "",
        inheritance: "PARENT_ORGANIZATION",
        result: "https://content.bookingtime.com/image/rO123456789101112131415aBCdeFgH",
      },
      email: {
        class: "INHERITANCE",
        value: "info@acme.com",
        inheritance: "PARENT_ORGANIZATION",
        result: "central@acme.com",
      },
      contactPerson: {
        class: "INHERITANCE",
        value: {
          class: "CONTACT_PERSON",
          gender: "MALE",
          title: "Dr.",
          firstName: "John",
          lastName: "Doe",
          telephone: "040/12345678",
          email: "jd@acme.com",
          mobile: "",
        },
        inheritance: "PARENT_ORGANIZATION",
        result: {
          class: "CONTACT_PERSON",
          gender: "MALE",
          title: "Dr.",
          firstName: "John",
          lastName: "Doe",
          telephone: "040/12345678",
          email: "jd@acme.com",
          mobile: "",
        },
      },
      accessibility: {
        class: "INHERITANCE",
        value: {
          class: "ORGANIZATION_ACCESSIBILITY",
          information: true,
          entry: "PARTIAL",
          signLanguage: true,
          description: "",
        },
        inheritance: "PARENT_ORGANIZATION",
        result: {
          class: "ORGANIZATION_ACCESSIBILITY",
          information: true,
          entry: "PARTIAL",
          signLanguage: true,
          description: "",
        },
      },
      openingHours: {
        class: "INHERITANCE",
        value: {
          class: "OPENING_HOURS",
          monday: ["09:00", "10:00", "12:00", "18:00"],
          saturday: [],
          sunday: [],
        },
        inheritance: "PARENT_ORGANIZATION",
        result: {
          class: "OPENING_HOURS",
          monday: ["09:00", "18:00"],
          tuesday: ["09:00", "12:00", "14:00", "20:00"],
          saturday: [],
          sunday: [],
        },
      },
      settings: {
        class: "ORGANIZATION_SETTINGS",
        timeZone: {
          class: "INHERITANCE",
          value: "Europe/Berlin",
          inheritance: "PARENT_ORGANIZATION",
          result: "Europe/Berlin",
        },
        taxRate: {
          class: "INHERITANCE",
          value: 19,
          inheritance: "PARENT_ORGANIZATION",
          result: 19,
        },
        showPrice: {
          class: "INHERITANCE",
          value: true,
          inheritance: "PARENT_ORGANIZATION",
          result: true,
        },
        smsSender: {
          class: "INHERITANCE",
          value: "ACME",
          inheritance: "PARENT_ORGANIZATION",
          result: "ACMEroot",
        },
        moduleBookingDayEarliest: {
          class: "INHERITANCE",
          value: 0,
          inheritance: "PARENT_ORGANIZATION",
          result: 0,
        },
        moduleBookingDayLatest: {
          class: "INHERITANCE",
          value: 999,
          inheritance: "PARENT_ORGANIZATION",
          result: 14,
        },
      },
    };

    expect(effective(acme)).toStrictEqual({
      id: "f6123456789101112131415aBCdeFgH",
      customId: "123-1",
      contractAccount: {
        id: "c4123456789101112131415aBCdeFgH",
        customId: "acme",
        accountNumber: 10000001,
        name: "ACME ContractAccount",
      },
      name: "ACME",
      rootOrganizationFlag: false,
      blocked: false,
      address: {
        name: "ACME",
        street: "Street 10",
        zip: "12345",
        city: "Hamburg",
        country: "DE",
        geoCoordinates: { latitude: 52.6059747, longitude: 8.9841561 },
      },
      telephone: "040/12345678",
      description: "Die erste Firma aus dem datafixture...",
      descriptionI18nList: [{ key: "en", value: "First organization" }],
      logo: "https://content.bookingtime.com/image/rO123456789101112131415aBCdeFgH",
      email: "central@acme.com",
      contactPerson: {
        gender: "MALE",
        title: "Dr.",
        firstName: "John",
        lastName: "Doe",
        telephone: "040/12345678",
        email: "jd@acme.com",
      },
      accessibility: { information: true, entry: "PARTIAL", signLanguage: true },
      openingHours: {
        monday: ["09:00", "18:00"],
        tuesday: ["09:00", "12:00", "14:00", "20:00"],
      },
      settings: {
        timeZone: "Europe/Berlin",
        taxRate: 19,
        showPrice: true,
        smsSender: "ACMEroot",
        moduleBookingDayEarliest: 0,
        moduleBookingDayLatest: 14,
      },
    });
  });
});
