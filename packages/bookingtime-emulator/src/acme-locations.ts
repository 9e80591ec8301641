import { ACME_ORGANIZATION_ID } from "./acme.js";
import type { JsonObject, JsonValue, OrganizationRecord } from "./fixtures.js";

/**
 * ACME's branches: child organizations with their own ids, addresses and time zones, so that
 * `organization/list` has something to pick from. Each is a full ORGANIZATION for `show`.
 */
export const ACME_LOCATION_IDS = {
  altona: "f6AcmeA1tonaAcmeA1tonaAcmeA1tona",
  vienna: "f6AcmeWienAcmeWienAcmeWienAcmeWi",
  zurich: "f6AcmeZurichAcmeZurichAcmeZuri01",
} as const;

function inherited<T extends JsonValue>(value: T): JsonObject {
  return { class: "INHERITANCE", value, inheritance: "OFF", result: value };
}

function location(fields: {
  id: string;
  customId: string;
  name: string;
  street: string;
  zip: string;
  city: string;
  country: string;
  telephone: string;
  timeZone: string;
  currency: string;
  locale: string;
}): OrganizationRecord {
  return {
    class: "ORGANIZATION",
    id: fields.id,
    customId: fields.customId,
    timestampAdd: "2024-05-02T10:00:00+02:00",
    timestampEdit: "2025-01-10T08:15:00+01:00",
    name: fields.name,
    rootOrganizationFlag: false,
    blocked: false,
    notes: "",
    address: inherited({
      class: "ADDRESS",
      name: fields.name,
      extra: "",
      street: fields.street,
      zip: fields.zip,
      city: fields.city,
      country: fields.country,
    }),
    telephone: inherited(fields.telephone),
    email: inherited("info@acme.com"),
    openingHours: inherited({
      class: "OPENING_HOURS",
      monday: ["09:00", "18:00"],
      tuesday: ["09:00", "18:00"],
      wednesday: ["09:00", "18:00"],
      thursday: ["09:00", "20:00"],
      friday: ["09:00", "18:00"],
      saturday: ["10:00", "14:00"],
      sunday: [],
    }),
    settings: {
      class: "ORGANIZATION_SETTINGS",
      timeZone: {
        class: "INHERITANCE",
        value: fields.timeZone,
        inheritance: "OFF",
        result: fields.timeZone,
      },
      currency: {
        class: "INHERITANCE",
        value: fields.currency,
        inheritance: "OFF",
        result: fields.currency,
      },
      locale: inherited(fields.locale),
      timeGrid: inherited("MINUTES_15"),
      customerEmailRequired: inherited(true),
      customerMobileRequired: inherited(false),
      customerAddressRequired: inherited(false),
    },
    licenseConfigList: [],
    additionalData: [],
  };
}

export const ACME_LOCATIONS: readonly OrganizationRecord[] = [
  location({
    id: ACME_LOCATION_IDS.altona,
    customId: "acme-altona",
    name: "ACME Hamburg-Altona",
    street: "Große Bergstraße 160",
    zip: "22767",
    city: "Hamburg",
    country: "DE",
    telephone: "040/12345600",
    timeZone: "Europe/Berlin",
    currency: "EUR",
    locale: "de",
  }),
  location({
    id: ACME_LOCATION_IDS.vienna,
    customId: "acme-wien",
    name: "ACME Wien",
    street: "Mariahilfer Straße 77",
    zip: "1060",
    city: "Wien",
    country: "AT",
    telephone: "+43 1 5870000",
    timeZone: "Europe/Vienna",
    currency: "EUR",
    locale: "de",
  }),
  location({
    id: ACME_LOCATION_IDS.zurich,
    customId: "acme-zuerich",
    name: "ACME Zürich",
    street: "Bahnhofstrasse 42",
    zip: "8001",
    city: "Zürich",
    country: "CH",
    telephone: "+41 44 2110000",
    timeZone: "Europe/Zurich",
    currency: "CHF",
    locale: "de_CH",
  }),
];

/** Parent organization id -> its direct children, in listing order. */
export const SUB_ORGANIZATIONS: Readonly<Record<string, readonly string[]>> = {
  [ACME_ORGANIZATION_ID]: [
    ACME_LOCATION_IDS.altona,
    ACME_LOCATION_IDS.vienna,
    ACME_LOCATION_IDS.zurich,
  ],
};
