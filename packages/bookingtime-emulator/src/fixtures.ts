import { ACME_ORGANIZATION_ID, acmeOrganization } from "./acme.js";
import { ACME_LOCATION_IDS } from "./acme-locations.js";

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type InheritanceMode = "OFF" | "ORGANIZATION" | "PARENT_ORGANIZATION";

/** The response form of an inheritable field: `result` is the value in effect after inheritance. */
export type Inherited<T extends JsonValue> = {
  class: "INHERITANCE";
  value: T;
  inheritance: InheritanceMode;
  result: T;
};

export type OrganizationRecord = JsonObject & {
  class: "ORGANIZATION";
  id: string;
  name: string;
  rootOrganizationFlag: boolean;
  settings: JsonObject & { timeZone: Inherited<string>; currency: Inherited<string> };
};

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Organizations this app may access. */
  organizations: string[];
}

export const SANDBOX_ORGANIZATIONS: {
  acme: string;
  globex: string;
  initech: string;
  umbrella: string;
} = {
  acme: ACME_ORGANIZATION_ID,
  globex: "f6G10bexG10bexG10bexG10bexG10bex",
  // Exists so that tests can prove access control: the default client may not use it.
  initech: "f6In1techIn1techIn1techIn1tech00",
  // A third permitted organization, so that per-organization token reuse can be measured over three.
  umbrella: "f6UmbrellaUmbrellaUmbrellaUmbrel",
};

/** A fake demo credential that only this emulator accepts. */
export const SANDBOX_DEFAULT_CLIENT: SandboxClient = {
  clientId: "sandbox-client",
  clientSecret: "sandbox-secret",
  organizations: [
    SANDBOX_ORGANIZATIONS.acme,
    SANDBOX_ORGANIZATIONS.globex,
    SANDBOX_ORGANIZATIONS.umbrella,
    ...Object.values(ACME_LOCATION_IDS),
  ],
};

function own<T extends JsonValue>(value: T): Inherited<T> {
  return { class: "INHERITANCE", value, inheritance: "OFF", result: value };
}

function rootOrganization(fields: {
  id: string;
  customId: string;
  name: string;
  email: string;
  telephone: string;
  address: JsonObject;
  timeZone: string;
  currency: string;
  locale: string;
  taxRate: number;
}): OrganizationRecord {
  return {
    class: "ORGANIZATION",
    id: fields.id,
    customId: fields.customId,
    timestampAdd: "2024-01-15T09:00:00-05:00",
    timestampEdit: "2025-03-01T12:30:00-05:00",
    name: fields.name,
    rootOrganizationFlag: true,
    blocked: false,
    notes: "",
    address: own({ class: "ADDRESS", ...fields.address }),
    telephone: own(fields.telephone),
    email: own(fields.email),
    websiteList: own([]),
    openingHours: own({
      class: "OPENING_HOURS",
      monday: ["09:00", "17:00"],
      tuesday: ["09:00", "17:00"],
      wednesday: ["09:00", "17:00"],
      thursday: ["09:00", "17:00"],
      friday: ["09:00", "15:00"],
      saturday: [],
      sunday: [],
    }),
    settings: {
      class: "ORGANIZATION_SETTINGS",
      timeZone: own(fields.timeZone),
      currency: own(fields.currency),
      taxRate: own(fields.taxRate),
      showPrice: own(true),
      locale: own(fields.locale),
      timeGrid: own("MINUTES_15"),
      customerEmailRequired: own(false),
      customerMobileRequired: own(false),
      customerAddressRequired: own(false),
    },
    licenseConfigList: [],
    additionalData: [],
  };
}

const globexOrganization: OrganizationRecord = rootOrganization({
  id: SANDBOX_ORGANIZATIONS.globex,
  customId: "globex",
  name: "Globex Corporation",
  email: "hello@globex.example",
  telephone: "+1 212 555 0100",
  address: {
    name: "Globex Corporation",
    extra: "",
    street: "100 Main Street",
    zip: "10001",
    city: "New York",
    country: "US",
  },
  timeZone: "America/New_York",
  currency: "USD",
  locale: "en",
  taxRate: 0,
});

const initechOrganization: OrganizationRecord = rootOrganization({
  id: SANDBOX_ORGANIZATIONS.initech,
  customId: "initech",
  name: "Initech",
  email: "office@initech.example",
  telephone: "+1 512 555 0199",
  address: {
    name: "Initech",
    extra: "Suite 4",
    street: "4120 Freidrich Lane",
    zip: "78744",
    city: "Austin",
    country: "US",
  },
  timeZone: "America/Chicago",
  currency: "USD",
  locale: "en",
  taxRate: 8.25,
});

const umbrellaOrganization: OrganizationRecord = rootOrganization({
  id: SANDBOX_ORGANIZATIONS.umbrella,
  customId: "umbrella",
  name: "Umbrella Clinic",
  email: "desk@umbrella.example",
  telephone: "+49 30 5550 1234",
  address: {
    name: "Umbrella Clinic",
    extra: "",
    street: "Friedrichstrasse 1",
    zip: "10117",
    city: "Berlin",
    country: "DE",
  },
  timeZone: "Europe/Berlin",
  currency: "EUR",
  locale: "de",
  taxRate: 19,
});

export const SEED_ORGANIZATIONS: readonly OrganizationRecord[] = [
  acmeOrganization,
  globexOrganization,
  initechOrganization,
  umbrellaOrganization,
];
