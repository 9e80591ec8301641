import {
  identifyMiss,
  type NewAppointment,
  type Records,
  rangePath,
  type Written,
  written,
} from "./api-support.js";
import type { BookingtimeClient } from "./client.js";
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
  slotListSchema,
} from "./schemas.js";
import { organizationZone, UnknownTimeZoneError } from "./zone.js";

export type { NewAppointment, Records, Written } from "./api-support.js";
export { identifyMiss } from "./api-support.js";

/** Typed bookingtime operations, one per endpoint the tools use. */
export class BookingtimeApi {
  private readonly timeZones: Map<string, { zone: string | undefined; until: number }>;

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

  async addCustomer(
    organizationId: string,
    customer: NewCustomer,
  ): Promise<Written<CustomerShort>> {
    return written(
      async () =>
        (
          await this.client.call({
            method: "POST",
            organizationId,
            path: ["customer", "add"],
            body: customer,
            content: customerShortSchema,
          })
        ).content,
      (id) =>
        id
          ? this.showCustomer(organizationId, id)
          : customer.customId
            ? this.findCustomerByCustomId(organizationId, customer.customId)
            : Promise.resolve(undefined),
    );
  }

  // --- customers and locations (issue 3, part 2) ---

  /** Every customer, 25 a page; `page` starts at 1. */
  async listCustomers(organizationId: string, page: number): Promise<CustomerPage> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", "index", String(page)],
      content: customerPageSchema,
    });
    return res.content;
  }

  /** Full-text search; `page` starts at 1. */
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

  /** The customer with this customId, or undefined however bookingtime says "none". */
  async findCustomerByCustomId(
    organizationId: string,
    customId: string,
  ): Promise<Customer | undefined> {
    try {
      return await this.identifyCustomer(organizationId, customId);
    } catch (error) {
      if (identifyMiss(error)) return undefined;
      throw error;
    }
  }

  /** The appointment booked with this customId, or undefined however bookingtime says "none". */
  async findAppointmentByCustomId(
    organizationId: string,
    customId: string,
  ): Promise<Appointment | undefined> {
    try {
      return await this.identifyAppointment(organizationId, customId);
    } catch (error) {
      if (identifyMiss(error)) return undefined;
      throw error;
    }
  }

  async identifyAppointment(organizationId: string, customId: string): Promise<Appointment> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["appointment", { value: customId }, "identify"],
      content: appointmentSchema,
    });
    return res.content;
  }

  /** By the caller's own customId; throws however bookingtime says "none" (see findCustomerByCustomId). */
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
  ): Promise<Written<Customer>> {
    return written(
      async () =>
        (
          await this.client.call({
            method: "PUT",
            organizationId,
            path: ["customer", customerId, "edit"],
            body: changes,
            content: customerSchema,
          })
        ).content,
      () => this.showCustomer(organizationId, customerId),
    );
  }

  /** Direct sub-organizations (locations); their own children are nested. */
  async listSubOrganizations(organizationId: string): Promise<Records<OrganizationShort>> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["organization", "list"],
      content: organizationListSchema,
    });
    return { records: res.content.recordList, skipped: res.content.skipped };
  }
  // --- Booking workflow (services, staff, slots, appointments) ---

  async listBookingTemplates(organizationId: string): Promise<Records<BookingTemplate>> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["bookingTemplate", "list"],
      content: listOf(bookingTemplateSchema),
    });
    return { records: res.content.recordList, skipped: res.content.skipped };
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

  async listBookingResources(organizationId: string): Promise<Records<BookingResource>> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["bookingResource", "list"],
      content: listOf(bookingResourceSchema),
    });
    return { records: res.content.recordList, skipped: res.content.skipped };
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
      content: range === "earliest" ? slotListSchema : rangeListOf(bookingSlotSchema),
    });
    return res.content;
  }

  async addAppointment(
    organizationId: string,
    appointment: NewAppointment,
  ): Promise<Written<Appointment>> {
    const { customId, ...required } = appointment;
    return written(
      async () =>
        (
          await this.client.call({
            method: "POST",
            organizationId,
            path: ["appointment", "add"],
            body: customId === undefined ? required : { ...required, customId },
            content: appointmentSchema,
          })
        ).content,
      (id) =>
        id
          ? this.showAppointment(organizationId, id)
          : customId
            ? this.findAppointmentByCustomId(organizationId, customId)
            : Promise.resolve(undefined),
    );
  }

  async editAppointmentNotes(
    organizationId: string,
    appointmentId: string,
    notes: string,
  ): Promise<Written<Appointment>> {
    return this.appointmentWrite(organizationId, appointmentId, "edit", { notes });
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
  ): Promise<Written<Appointment>> {
    return this.appointmentWrite(organizationId, appointmentId, "move", { bookingSlotId });
  }

  async cancelAppointment(
    organizationId: string,
    appointmentId: string,
  ): Promise<Written<Appointment>> {
    return this.appointmentWrite(organizationId, appointmentId, "cancel", undefined);
  }

  private appointmentWrite(
    organizationId: string,
    appointmentId: string,
    action: "edit" | "move" | "cancel",
    body: unknown,
  ): Promise<Written<Appointment>> {
    return written(
      async () =>
        (
          await this.client.call({
            method: "PUT",
            organizationId,
            path: ["appointment", appointmentId, action],
            ...(body === undefined ? {} : { body }),
            content: appointmentSchema,
          })
        ).content,
      () => this.showAppointment(organizationId, appointmentId),
    );
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
    const zone = await this.organizationTimeZone(organizationId);
    if (zone === undefined) throw new UnknownTimeZoneError("organization's record");
    return zone;
  }

  /** The zone the organization's record names, or undefined: then a list's zone must do. */
  async organizationTimeZone(organizationId: string): Promise<string | undefined> {
    const cached = this.timeZones.get(organizationId);
    if (cached && cached.until > Date.now()) return cached.zone;
    const zone = organizationZone(await this.showOrganization(organizationId));
    this.timeZones.set(organizationId, { zone, until: Date.now() + TIME_ZONE_TTL_MS });
    return zone;
  }
}

const TIME_ZONE_TTL_MS = 10 * 60_000;
const zoneCaches = new WeakMap<
  BookingtimeClient,
  Map<string, { zone: string | undefined; until: number }>
>();
