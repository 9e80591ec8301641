import bookingJson from "./fixtures/booking.json" with { type: "json" };
import customersJson from "./fixtures/customers.json" with { type: "json" };
import idsJson from "./fixtures/ids.json" with { type: "json" };
import organizationsJson from "./fixtures/organizations.json" with { type: "json" };

/**
 * The demo data, read from the JSON files in ./fixtures (see the package README for where each
 * came from). This module only gives them their types.
 */
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

export type CustomerRecord = JsonObject & {
  class: "CUSTOMER";
  id: string;
  customId: string;
  firstName: string;
  lastName: string;
  organizationId: string;
  timestampAdd: string;
};

export interface ResourceFixture {
  id: string;
  customId: string;
  type: "EMPLOYEE" | "RESOURCE";
  name: string;
  gender: "MALE" | "FEMALE" | "NOT_SPECIFIED";
  firstName: string;
  lastName: string;
}

export interface TemplateFixture {
  id: string;
  customId: string;
  name: string;
  duration: number;
  priceGross: number;
  taxRate: number;
  currency: string;
  description: string;
  /** One resource from each step performs the service (selectionQuantity 1). */
  steps: { name: string; resourceIds: string[] }[];
}

export interface BookingFixtures {
  resources: ResourceFixture[];
  templates: TemplateFixture[];
}

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Organizations this app may access. */
  organizations: string[];
  /** The app's id, for `/app/{appId}/organization/list`; without it that route answers 404. */
  appId?: string;
  /** The organizations the app is installed in (each listed with its locations nested). */
  appOrganizations?: string[];
}

/** Stable ids of the demo organizations, so tests and documentation can name them. */
export const SANDBOX_ORGANIZATIONS: {
  acme: string;
  globex: string;
  initech: string;
  umbrella: string;
} = idsJson.organizations;

/** ACME's branches, children of ACME in `organization/list`. */
export const ACME_LOCATION_IDS: { altona: string; vienna: string; zurich: string } =
  idsJson.acmeLocations;

/** Stable ids of staff and services per organization. */
export const SANDBOX_BOOKING = idsJson.booking;

/** A fake demo credential that only this emulator accepts (Initech is left out on purpose). */
export const SANDBOX_DEFAULT_CLIENT: SandboxClient = idsJson.defaultClient;

export const ACME_ORGANIZATION_ID = SANDBOX_ORGANIZATIONS.acme;

// JSON imports are typed by their contents, not by the record types; the files are the seed.
const ORGANIZATIONS = organizationsJson.organizations as unknown as OrganizationRecord[];

/** Every organization the emulator knows (roots and branches), in seed order. */
export const SEED_ORGANIZATIONS: readonly OrganizationRecord[] = ORGANIZATIONS;

export const acmeOrganization: OrganizationRecord = findOrganization(ACME_ORGANIZATION_ID);

/** Parent organization id -> its direct children, in listing order. */
export const SUB_ORGANIZATIONS: Readonly<Record<string, readonly string[]>> =
  organizationsJson.subOrganizations;

export const BOOKING_FIXTURES: Readonly<Record<string, BookingFixtures>> =
  bookingJson as unknown as Record<string, BookingFixtures>;

const SEED_CUSTOMERS = customersJson as unknown as Record<string, CustomerRecord[]>;

/** Fresh copies of an organization's seeded customers: the same ids and contents after every reset. */
export function seedCustomers(organizationId: string): CustomerRecord[] {
  return structuredClone(SEED_CUSTOMERS[organizationId] ?? []);
}

function findOrganization(id: string): OrganizationRecord {
  const found = ORGANIZATIONS.find((o) => o.id === id);
  if (found === undefined) throw new Error(`fixtures/organizations.json has no organization ${id}`);
  return found;
}
