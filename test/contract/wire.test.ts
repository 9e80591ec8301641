import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BookingtimeApi } from "../../src/bookingtime/api.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { SecretRegistry } from "../../src/secrets.js";
import { ORG } from "./harness.js";
import { envelope, fixture, type Json, ok, type Recorded, Upstream } from "./upstream.js";

// Every request we send, compared with what bookingtime's own app SDK sends (sdk-wire.json).

interface WireCall {
  kind: "token" | "api";
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
interface WireEntry {
  sdkMethod: string;
  wire: WireCall[];
}

const WIRE: WireEntry[] = fixture("sdk-wire.json");
const CUSTOMER = "d3AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const TEMPLATE = "fcAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const APPOINTMENT = "edAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const SLOT = "4fAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

const appointment = envelope("module", "appointment_add");
const pagination = envelope("app", "appointment_indexDay");
const slots = envelope("module", "bookingSlot_listDay");
const customer = {
  messageList: [],
  content: { class: "CUSTOMER", id: CUSTOMER, firstName: "John", lastName: "Doe" },
};

/** What we call for each SDK method; the SDK methods we do not use say why. */
const OURS: Record<string, ((api: BookingtimeApi) => Promise<unknown>) | string> = {
  "(constructor)": (api) => api.showOrganization(ORG),
  organization_show: (api) => api.showOrganization(ORG),
  customer_add: (api) => api.addCustomer(ORG, { firstName: "John", lastName: "Doe" }),
  customer_filter: (api) => api.filterCustomers(ORG, "Müller a&b", 2),
  customer_index: (api) => api.listCustomers(ORG, 1),
  customer_show: (api) => api.showCustomer(ORG, CUSTOMER),
  customer_identify: (api) => api.findCustomerByCustomId(ORG, "crm/42"),
  customer_edit: (api) => api.editCustomer(ORG, CUSTOMER, { email: "j@d.example" }),
  organization_subOrganization_list: (api) => api.listSubOrganizations(ORG),
  bookingTemplate_list: (api) => api.listBookingTemplates(ORG),
  bookingTemplate_show: (api) => api.showBookingTemplate(ORG, TEMPLATE),
  bookingResource_list: (api) => api.listBookingResources(ORG),
  bookingSlot_earliest: (api) => api.listBookingSlots(ORG, TEMPLATE, "earliest"),
  bookingSlot_listDay: (api) =>
    api.listBookingSlots(ORG, TEMPLATE, { unit: "day", year: 2026, month: 3, day: 9 }),
  bookingSlot_listWeek: (api) =>
    api.listBookingSlots(ORG, TEMPLATE, { unit: "week", year: 2026, week: 11 }),
  bookingSlot_listMonth: (api) =>
    api.listBookingSlots(ORG, TEMPLATE, { unit: "month", year: 2026, month: 3 }),
  appointment_add: (api) =>
    api.addAppointment(ORG, { bookingSlotId: SLOT, customerId: CUSTOMER, customId: "mcp-x" }),
  appointment_edit: (api) => api.editAppointmentNotes(ORG, APPOINTMENT, "hi"),
  appointment_show: (api) => api.showAppointment(ORG, APPOINTMENT),
  appointment_move: (api) => api.moveAppointment(ORG, APPOINTMENT, SLOT),
  appointment_cancel: (api) => api.cancelAppointment(ORG, APPOINTMENT),
  appointment_listDay: (api) =>
    api.listAppointments(ORG, { unit: "day", year: 2026, month: 3, day: 9 }),
  appointment_listWeek: (api) => api.listAppointments(ORG, { unit: "week", year: 2026, week: 11 }),
  appointment_listMonth: (api) =>
    api.listAppointments(ORG, { unit: "month", year: 2026, month: 3 }),
  appointment_identify: (api) => api.findAppointmentByCustomId(ORG, "bt-mcp-key-1"),
  appointment_customer_listMonth:
    "not used: a booking is found again by its customId, else in the organization's day list",
  appointment_customer_index: (api) => api.customerAppointments(ORG, CUSTOMER, 2),
};

let up: Upstream;
let runtime: Runtime;

beforeAll(async () => {
  up = await new Upstream().start();
  up.on("GET", /./, ok(customer));
  up.on("GET", /^show$/, ok(envelope("app", "organization_show")));
  up.on("GET", /^customer\/(filter|index)\/\d+$/, ok(pagination));
  up.on("GET", /appointment\/index\/\d+$/, ok(pagination));
  up.on("GET", /^organization\/list$/, ok(envelope("app", "organization_subOrganization_list")));
  up.on("GET", /^bookingTemplate\/list$/, ok(envelope("module", "bookingTemplate_list")));
  up.on("GET", /^bookingTemplate\/\w+\/show$/, ok(envelope("module", "bookingTemplate_show")));
  up.on("GET", /^bookingResource\/list$/, ok(envelope("module", "bookingResource_list")));
  up.on("GET", /bookingSlot\//, ok(slots));
  up.on("GET", /^appointment\/year\//, ok(envelope("app", "appointment_listMonth")));
  up.on("GET", /^appointment\/.+\/(show|identify)$/, ok(appointment));
  up.on("PUT", /^appointment\//, ok(appointment));
  up.on("POST", /^appointment\/add$/, ok(appointment, 201));
  up.on("POST", /^customer\/add$/, ok(customer, 201));
  up.on("PUT", /^customer\//, ok(customer));
});
afterAll(async () => {
  await runtime?.close();
  await up.close();
});

/** The SDK appends values unencoded (`?searchQuery=Müller a&b`): read each as one whole value. */
function sdkQuery(url: string): Record<string, string> {
  const raw = url.split("?")[1];
  if (raw === undefined) return {};
  const eq = raw.indexOf("=");
  return { [raw.slice(0, eq)]: raw.slice(eq + 1) };
}

function sdkPath(url: string): string {
  return url.replace(/^https:\/\/[^/]+/, "").split("?")[0] ?? "";
}

function compare(ours: Recorded, sdk: WireCall, sdkMethod: string) {
  expect(ours.method, sdkMethod).toBe(sdk.method);
  expect(ours.headers["content-type"], sdkMethod).toBe(sdk.headers["Content-Type"]);
  if (sdk.kind === "token") {
    expect(ours.path).toBe("/oauth/token");
    // Byte for byte: the token endpoint sees exactly the SDK's form.
    expect(ours.body, sdkMethod).toBe(sdk.body);
    return;
  }
  expect(decodeURIComponent(ours.path), sdkMethod).toBe(sdkPath(sdk.url));
  expect(Object.fromEntries(ours.query), sdkMethod).toEqual(sdkQuery(sdk.url));
  expect(ours.headers.authorization, sdkMethod).toBe(sdk.headers.Authorization);
  if (sdk.body === "") {
    expect(ours.body, sdkMethod).toBe("");
  } else if (sdkMethod === "appointment_add") {
    // The module SDK sends customId on add too; it is what makes a repeat find the booking.
    expect(JSON.parse(ours.body), sdkMethod).toEqual({
      ...JSON.parse(sdk.body),
      customId: "mcp-x",
    });
  } else {
    expect(ours.body, sdkMethod).toBe(sdk.body);
  }
}

describe("requests match bookingtime's app SDK (sdk-wire.json)", () => {
  it("covers every SDK call in the file", () => {
    expect(Object.keys(OURS).sort()).toEqual(WIRE.map((w) => w.sdkMethod).sort());
  });

  it.each(WIRE.map((w) => [w.sdkMethod, w] as const))("%s", async (sdkMethod, entry) => {
    const ours = OURS[sdkMethod];
    if (ours === undefined) throw new Error(`no call of ours for ${sdkMethod}`);
    if (typeof ours === "string") {
      expect(ours).toMatch(/^not used: /);
      return;
    }
    // A fresh runtime per call: the first call of a process makes the token requests too.
    await runtime?.close();
    runtime = createRuntime(
      {
        apiUrl: up.apiUrl,
        authUrl: up.authUrl,
        clientId: "CLIENT",
        clientSecret: "SECRET",
        locale: "en",
        timeoutMs: 2_000,
      },
      pino({ level: "silent" }),
      new SecretRegistry(),
    );
    const before = up.requests.length;
    await ours(new BookingtimeApi(runtime.client));
    const sent = up.requests.slice(before);
    // The constructor's entry is the grant alone; the others end with their API call.
    const expected: WireCall[] =
      sdkMethod === "(constructor)"
        ? entry.wire
        : sdkMethod === "organization_show"
          ? entry.wire
          : entry.wire.filter((w) => w.kind === "api");
    const relevant =
      sdkMethod === "(constructor)"
        ? sent.slice(0, 1)
        : sdkMethod === "organization_show"
          ? sent.slice(1)
          : sent.slice(2);
    expect(relevant).toHaveLength(expected.length);
    for (const [i, w] of expected.entries()) compare(relevant[i] as Recorded, w, sdkMethod);
  });
});

describe("values in paths", () => {
  it("a customId with '/', spaces and '&' is encoded as one segment and round-trips", async () => {
    const before = up.requests.length;
    await new BookingtimeApi(runtime.client).findCustomerByCustomId(ORG, "crm/42 a&b");
    const [sent] = up.requests.slice(before);
    const segment = sent?.path.split("/")[7] ?? "";
    expect(segment).toBe("crm%2F42%20a%26b");
    expect(decodeURIComponent(segment)).toBe("crm/42 a&b");
  });

  it("content is as the SDK mocks have it", () => {
    const json: Json = appointment;
    expect(json.content.start).toEqual({
      date: "2026-11-30 10:00:00.000000",
      timezone_type: 3,
      timezone: "UTC",
    });
  });
});
