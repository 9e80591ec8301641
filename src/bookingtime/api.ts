import type { BookingtimeClient } from "./client.js";
import { ApiServerError } from "./errors.js";
import {
  type Appointment,
  appointmentSchema,
  type BookingResource,
  type BookingTemplate,
  bookingResourceSchema,
  bookingSlotSchema,
  bookingTemplateSchema,
  type Customer,
  type CustomerChanges,
  type CustomerPage,
  type CustomerShort,
  customerPageSchema,
  customerSchema,
  customerShortSchema,
  type DateRangeUnit,
  listOf,
  type NewCustomer,
  type Organization,
  type OrganizationShort,
  organizationListSchema,
  organizationSchema,
  paginationListSchema,
  rangeListOf,
} from "./schemas.js";
import { isTimeZone } from "./time.js";

/** Typed bookingtime operations, one per endpoint the tools use. */
export class BookingtimeApi {
  private readonly timeZones: Map<string, { zone: string; until: number }>;

  constructor(private readonly client: BookingtimeClient) {
    // Shared by every API object over the same client, e.g. one server per HTTP request.
    let zones = zoneCaches.get(client);
    if (!zones) {
      zones = new Map();
      zoneCaches.set(client, zones);
    }
    this.timeZones = zones;
  }

  async showOrganization(organizationId: string): Promise<Organization> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["show"],
      content: organizationSchema,
    });
    return res.content;
  }

  async addCustomer(organizationId: string, customer: NewCustomer): Promise<CustomerShort> {
    const res = await this.client.call({
      method: "POST",
      organizationId,
      path: ["customer", "add"],
      body: customer,
      content: customerShortSchema,
    });
    return res.content;
  }

  // --- customers and locations (issue 3, part 2) ---

  /** Full-text search; `page` starts at 1. An empty query lists every customer. */
  async filterCustomers(
    organizationId: string,
    query: string,
    page: number,
  ): Promise<CustomerPage> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", "filter", String(page)],
      query: { searchQuery: query },
      content: customerPageSchema,
    });
    return res.content;
  }

  async showCustomer(organizationId: string, customerId: string): Promise<Customer> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", customerId, "show"],
      content: customerSchema,
    });
    return res.content;
  }

  /** By the caller's own customId; answers 404 (ApiClientError) when none has it. */
  async identifyCustomer(organizationId: string, customId: string): Promise<Customer> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", { value: customId }, "identify"],
      content: customerSchema,
    });
    return res.content;
  }

  async editCustomer(
    organizationId: string,
    customerId: string,
    changes: CustomerChanges,
  ): Promise<Customer> {
    const res = await this.client.call({
      method: "PUT",
      organizationId,
      path: ["customer", customerId, "edit"],
      body: changes,
      content: customerSchema,
    });
    return res.content;
  }

  /** Direct sub-organizations (locations); their own children are nested. */
  async listSubOrganizations(organizationId: string): Promise<OrganizationShort[]> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["organization", "list"],
      content: organizationListSchema,
    });
    return res.content.recordList;
  }
  // --- Booking workflow (services, staff, slots, appointments) ---

  async listBookingTemplates(organizationId: string): Promise<BookingTemplate[]> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["bookingTemplate", "list"],
      content: listOf(bookingTemplateSchema),
    });
    return res.content.recordList;
  }

  async showBookingTemplate(organizationId: string, templateId: string): Promise<BookingTemplate> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["bookingTemplate", templateId, "show"],
      content: bookingTemplateSchema,
    });
    return res.content;
  }

  async listBookingResources(organizationId: string): Promise<BookingResource[]> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["bookingResource", "list"],
      content: listOf(bookingResourceSchema),
    });
    return res.content.recordList;
  }

  /** Free slots of a service in one day, ISO week or month (or the earliest day with any). */
  async listBookingSlots(
    organizationId: string,
    templateId: string,
    range: DateRangeUnit | "earliest",
  ) {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["bookingTemplate", templateId, "bookingSlot", ...rangePath(range)],
      content: rangeListOf(bookingSlotSchema),
    });
    return res.content;
  }

  async addAppointment(
    organizationId: string,
    bookingSlotId: string,
    customerId: string,
  ): Promise<Appointment> {
    const res = await this.client.call({
      method: "POST",
      organizationId,
      path: ["appointment", "add"],
      body: { bookingSlotId, customerId },
      content: appointmentSchema,
    });
    return res.content;
  }

  async editAppointmentNotes(
    organizationId: string,
    appointmentId: string,
    notes: string,
  ): Promise<Appointment> {
    const res = await this.client.call({
      method: "PUT",
      organizationId,
      path: ["appointment", appointmentId, "edit"],
      body: { notes },
      content: appointmentSchema,
    });
    return res.content;
  }

  async showAppointment(organizationId: string, appointmentId: string): Promise<Appointment> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["appointment", appointmentId, "show"],
      content: appointmentSchema,
    });
    return res.content;
  }

  async moveAppointment(
    organizationId: string,
    appointmentId: string,
    bookingSlotId: string,
  ): Promise<Appointment> {
    const res = await this.client.call({
      method: "PUT",
      organizationId,
      path: ["appointment", appointmentId, "move"],
      body: { bookingSlotId },
      content: appointmentSchema,
    });
    return res.content;
  }

  async cancelAppointment(organizationId: string, appointmentId: string): Promise<Appointment> {
    const res = await this.client.call({
      method: "PUT",
      organizationId,
      path: ["appointment", appointmentId, "cancel"],
      content: appointmentSchema,
    });
    return res.content;
  }

  async listAppointments(organizationId: string, range: DateRangeUnit) {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["appointment", ...rangePath(range)],
      content: rangeListOf(appointmentSchema),
    });
    return res.content;
  }

  async customerAppointments(organizationId: string, customerId: string, page: number) {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", customerId, "appointment", "index", String(page)],
      content: paginationListSchema(appointmentSchema),
    });
    return res.content;
  }

  /** The organization's IANA time zone; it rarely changes, so it is kept for a while. */
  async timeZone(organizationId: string): Promise<string> {
    const cached = this.timeZones.get(organizationId);
    if (cached && cached.until > Date.now()) return cached.zone;
    const org = await this.showOrganization(organizationId);
    const zone = effectiveTimeZone(org);
    this.timeZones.set(organizationId, { zone, until: Date.now() + TIME_ZONE_TTL_MS });
    return zone;
  }
}

const TIME_ZONE_TTL_MS = 10 * 60_000;
const zoneCaches = new WeakMap<BookingtimeClient, Map<string, { zone: string; until: number }>>();

function effectiveTimeZone(org: Organization): string {
  const setting = (org.settings as { timeZone?: unknown } | undefined)?.timeZone;
  const zone =
    setting && typeof setting === "object" && "result" in setting
      ? (setting as { result: unknown }).result
      : setting;
  if (typeof zone === "string" && isTimeZone(zone)) return zone;
  throw new ApiServerError("bookingtime did not say which time zone the organization uses.", {
    hint: "Check the organization's settings in bookingtime.",
  });
}

function rangePath(range: DateRangeUnit | "earliest"): string[] {
  if (range === "earliest") return ["earliest"];
  switch (range.unit) {
    case "day":
      return [
        "year",
        String(range.year),
        "month",
        String(range.month),
        "day",
        String(range.day),
        "listDay",
      ];
    case "week":
      return ["year", String(range.year), "week", String(range.week), "listWeek"];
    case "month":
      return ["year", String(range.year), "month", String(range.month), "listMonth"];
  }
}
