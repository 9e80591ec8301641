import { OrganizationOperations } from "./api-organizations.js";
import {
  type NewAppointment,
  type Records,
  rangePath,
  unlessMissing,
  type Written,
} from "./api-support.js";
import {
  type Appointment,
  appointmentSchema,
  type BookingResource,
  type BookingTemplate,
  bookingResourceSchema,
  bookingSlotSchema,
  bookingTemplateSchema,
  type DateRangeUnit,
  listOf,
  paginationListSchema,
  rangeListOf,
  slotListSchema,
} from "./schemas.js";
import { organizationZone, UnknownTimeZoneError } from "./zone.js";

export type { NewAppointment, Records, Written } from "./api-support.js";
export { identifyMiss } from "./api-support.js";

/** Typed bookingtime operations, one per endpoint the tools use. */
export class BookingtimeApi extends OrganizationOperations {
  /**
   * Organization time zones, for a while. One API object per process (the runtime's) shares it
   * across every MCP session, so HTTP mode does not look the zone up on every request.
   */
  private readonly timeZones = new Map<string, { zone: string | undefined; until: number }>();

  /** The appointment booked with this customId, or undefined however bookingtime says "none". */
  async findAppointmentByCustomId(
    organizationId: string,
    customId: string,
  ): Promise<Appointment | undefined> {
    return unlessMissing(this.identifyAppointment(organizationId, customId));
  }

  async identifyAppointment(organizationId: string, customId: string): Promise<Appointment> {
    return this.read(
      organizationId,
      ["appointment", { value: customId }, "identify"],
      appointmentSchema,
    );
  }

  // --- Booking workflow (services, staff, slots, appointments) ---

  async listBookingTemplates(organizationId: string): Promise<Records<BookingTemplate>> {
    return this.readList(
      organizationId,
      ["bookingTemplate", "list"],
      listOf(bookingTemplateSchema),
    );
  }

  async showBookingTemplate(organizationId: string, templateId: string): Promise<BookingTemplate> {
    return this.read(
      organizationId,
      ["bookingTemplate", templateId, "show"],
      bookingTemplateSchema,
    );
  }

  async listBookingResources(organizationId: string): Promise<Records<BookingResource>> {
    return this.readList(
      organizationId,
      ["bookingResource", "list"],
      listOf(bookingResourceSchema),
    );
  }

  /** Free slots of a service in one day, ISO week or month (or the earliest day with any). */
  async listBookingSlots(
    organizationId: string,
    templateId: string,
    range: DateRangeUnit | "earliest",
  ) {
    return this.read(
      organizationId,
      ["bookingTemplate", templateId, "bookingSlot", ...rangePath(range)],
      range === "earliest" ? slotListSchema : rangeListOf(bookingSlotSchema),
    );
  }

  async addAppointment(
    organizationId: string,
    appointment: NewAppointment,
  ): Promise<Written<Appointment>> {
    const { customId, ...required } = appointment;
    return this.write(
      {
        method: "POST",
        organizationId,
        path: ["appointment", "add"],
        body: customId === undefined ? required : { ...required, customId },
        content: appointmentSchema,
      },
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
    return this.read(organizationId, ["appointment", appointmentId, "show"], appointmentSchema);
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
    return this.write(
      {
        method: "PUT",
        organizationId,
        path: ["appointment", appointmentId, action],
        ...(body === undefined ? {} : { body }),
        content: appointmentSchema,
      },
      () => this.showAppointment(organizationId, appointmentId),
    );
  }

  async listAppointments(organizationId: string, range: DateRangeUnit) {
    return this.read(
      organizationId,
      ["appointment", ...rangePath(range)],
      rangeListOf(appointmentSchema),
    );
  }

  async customerAppointments(organizationId: string, customerId: string, page: number) {
    return this.read(
      organizationId,
      ["customer", customerId, "appointment", "index", String(page)],
      paginationListSchema(appointmentSchema),
    );
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
