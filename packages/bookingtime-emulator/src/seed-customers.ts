import { ACME_ORGANIZATION_ID } from "./acme.js";
import type { CustomerRecord } from "./customers.js";

const FIRST = [
  "Anna",
  "Ben",
  "Clara",
  "David",
  "Emma",
  "Felix",
  "Greta",
  "Hannes",
  "Ida",
  "Jonas",
  "Karla",
  "Lukas",
  "Mia",
  "Noah",
  "Olga",
  "Paul",
  "Queenie",
  "Rosa",
  "Samuel",
  "Tilda",
];
const LAST = [
  "Schmidt",
  "Becker",
  "Wagner",
  "Hoffmann",
  "Schulz",
  "Koch",
  "Richter",
  "Klein",
  "Wolf",
  "Neumann",
];

/** Fixed records the tests search for: umlauts, a space-separated name, an `&` in a customId. */
type NamedCustomer = {
  firstName: string;
  lastName: string;
  email: string;
  mobile: string;
  customId: string;
  gender?: string;
};

const NAMED: readonly NamedCustomer[] = [
  {
    firstName: "Jürgen",
    lastName: "Müller",
    email: "juergen.mueller@example.de",
    mobile: "+49 170 5550001",
    customId: "crm-1001",
  },
  {
    firstName: "Zoë",
    lastName: "Weiß",
    email: "zoe.weiss@example.de",
    mobile: "+49 170 5550002",
    customId: "K&M-0042",
  },
  {
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    mobile: "+44 20 7946 0000",
    customId: "crm-1815",
    gender: "FEMALE",
  },
  {
    firstName: "Max",
    lastName: "Mustermann",
    email: "max@example.de",
    mobile: "+49 151 5550003",
    customId: "crm-1002",
  },
];

/** Enough customers that `customer/filter` has three pages of 25 in the default organization. */
export const ACME_SEED_CUSTOMER_COUNT = 64;

function customerId(index: number): string {
  return `d3AcmeCust${String(index).padStart(22, "0")}`;
}

function timestamp(index: number): string {
  return `${new Date(Date.UTC(2025, 0, 1 + index, 9)).toISOString().slice(0, 19)}+00:00`;
}

/** Deterministic customers per organization: ids and contents are the same after every reset. */
export function seedCustomers(organizationId: string): CustomerRecord[] {
  if (organizationId !== ACME_ORGANIZATION_ID) return [];
  const records: CustomerRecord[] = NAMED.map((fields, index) => ({
    class: "CUSTOMER",
    id: customerId(index + 1),
    organizationId,
    timestampAdd: timestamp(index),
    ...fields,
  }));
  for (let index = records.length; index < ACME_SEED_CUSTOMER_COUNT; index += 1) {
    const firstName = FIRST[index % FIRST.length] ?? "Anna";
    const lastName = LAST[Math.floor(index / FIRST.length) % LAST.length] ?? "Schmidt";
    records.push({
      class: "CUSTOMER",
      id: customerId(index + 1),
      customId: `crm-${2000 + index}`,
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${index}@example.org`.toLowerCase(),
      mobile: `+49 160 ${String(1000000 + index)}`,
      organizationId,
      timestampAdd: timestamp(index),
    });
  }
  return records;
}
