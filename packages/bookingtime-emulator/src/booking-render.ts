import type { AppointmentRow, BookingStore } from "./booking-store.js";
import type { CustomerRecord } from "./customers.js";
import type { JsonObject, ResourceFixture, TemplateFixture } from "./fixtures.js";
import { failure, type Message } from "./http.js";
import type { Shapes } from "./shapes.js";
import {
  addDays,
  daysInMonth,
  formatZoned,
  isoWeekMonday,
  isoWeeksInYear,
  isRealDate,
  type LocalDate,
  phpDateTimeUtc,
  zonedEpoch,
} from "./time.js";

export function renderResource(r: ResourceFixture): JsonObject {
  return {
    class: "BOOKING_RESOURCE",
    id: r.id,
    customId: r.customId,
    type: r.type,
    name: r.name,
    nameI18nList: [],
    gender: r.gender,
    title: "",
    firstName: r.firstName,
    lastName: r.lastName,
    description: "",
    descriptionI18nList: [],
    image: "",
    additionalData: null,
  };
}

export function renderResourceShort(r: ResourceFixture, organizationId: string): JsonObject {
  return {
    class: "BOOKING_RESOURCE_SHORT",
    id: r.id,
    customId: r.customId,
    category: r.type,
    name: r.name,
    organizationId,
  };
}

export function renderTemplate(
  store: BookingStore,
  organizationId: string,
  t: TemplateFixture,
  shapes: Shapes,
) {
  // The SDK's bookingTemplate_show mock has '' where a translation list is empty.
  const noTranslations = shapes === "sdk" ? "" : [];
  return {
    class: "BOOKING_TEMPLATE",
    id: t.id,
    customId: t.customId,
    name: t.name,
    nameI18nList: noTranslations,
    image: "",
    duration: t.duration,
    showPrice: true,
    priceGross: t.priceGross,
    currency: t.currency,
    taxRate: t.taxRate,
    description: t.description,
    descriptionI18nList: noTranslations,
    appointmentAddressRequired: false,
    customerAddressRequired: false,
    customerEmailRequired: false,
    customerMobileRequired: false,
    // 0: the organization's booking rules apply.
    bookingDayEarliest: 0,
    bookingDayLatest: 0,
    bookingLeadTime: 0,
    address: null,
    bookingStepList: t.steps.map((step) => ({
      class: "BOOKING_STEP",
      name: step.name,
      nameI18nList: [],
      description: "",
      descriptionI18nList: [],
      selectionQuantity: 1,
      selectionDisplay: "BOTH",
      bookingResourceList: step.resourceIds.flatMap((id) => {
        const r = store.resource(organizationId, id);
        return r ? [renderResource(r)] : [];
      }),
      additionalData: null,
    })),
    emailTemplateList: [],
    smsTemplateList: [],
    additionalData: null,
  };
}

export function renderAppointment(
  store: BookingStore,
  row: AppointmentRow,
  timeZone: string,
  customer: CustomerRecord | undefined,
  shapes: Shapes,
): JsonObject {
  const t = store.template(row.organizationId, row.templateId);
  const appointment: JsonObject = {
    class: "APPOINTMENT",
    id: row.id,
    customId: row.customId,
    start: formatZoned(timeZone, row.startMs),
    end: formatZoned(timeZone, row.endMs),
    duration: Math.round((row.endMs - row.startMs) / 60_000),
    timeZone,
    protected: false,
    name: t?.name ?? "",
    nameI18nList: [],
    description: t?.description ?? "",
    descriptionI18nList: [],
    notes: row.notes,
    showPrice: true,
    priceGross: t?.priceGross ?? 0,
    taxRate: t?.taxRate ?? 0,
    currency: t?.currency ?? "",
    customer: customer
      ? {
          class: "CUSTOMER_SHORT",
          id: customer.id,
          customId: customer.customId,
          firstName: customer.firstName,
          lastName: customer.lastName,
          organizationId: customer.organizationId,
        }
      : null,
    address: null,
    canceled: row.canceled,
    moved: row.moved,
    bookingResourceList: row.resourceIds.flatMap((id) => {
      const r = store.resource(row.organizationId, id);
      return r ? [renderResourceShort(r, row.organizationId)] : [];
    }),
    fileList: [],
    organizationId: row.organizationId,
  };
  return shapes === "sdk" ? asInSdkMock(appointment, row) : appointment;
}

/**
 * As the module SDK's appointment_add mock: DateTime objects in UTC, `customer: []`, no `notes`,
 * and the stray `"0": 99` key it carries.
 */
function asInSdkMock(appointment: JsonObject, row: AppointmentRow): JsonObject {
  const { notes: _notes, ...rest } = appointment;
  return {
    ...rest,
    start: phpDateTimeUtc(row.startMs),
    end: phpDateTimeUtc(row.endMs),
    customer: [],
    "0": 99,
  };
}

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

const NUMBER = /^\d{1,4}$/;

/** Reads year/month/day/week path values the way the API names them; failures name the part. */
export function parseRange(
  kind: "day" | "week" | "month",
  params: Record<string, string>,
): DateRange | Message[] {
  const num = (key: string) => {
    const v = params[key] ?? "";
    return NUMBER.test(v) ? Number(v) : Number.NaN;
  };
  const year = num("year");
  if (!isRealDate(year, 1, 1)) return [failure("This value is not a valid year.", "year")];
  if (kind === "week") {
    const week = num("week");
    if (!Number.isInteger(week) || week < 1 || week > isoWeeksInYear(year)) {
      return [failure("This value is not a valid ISO week of that year.", "week")];
    }
    const from = isoWeekMonday(year, week);
    return { from, to: addDays(from, 6) };
  }
  const month = num("month");
  if (!isRealDate(year, month, 1)) return [failure("This value is not a valid month.", "month")];
  if (kind === "month") {
    return { from: { year, month, day: 1 }, to: { year, month, day: daysInMonth(year, month) } };
  }
  const day = num("day");
  if (!isRealDate(year, month, day)) return [failure("This value is not a valid day.", "day")];
  return { from: { year, month, day }, to: { year, month, day } };
}

/** `stampZone` writes the bounds: the list's zone, or UTC as in the SDK's slot mocks. */
export function rangeList(
  timeZone: string,
  range: DateRange,
  list: unknown[],
  stampZone = timeZone,
) {
  return {
    class: "RANGE_LIST",
    rangeStart: formatZoned(stampZone, zonedEpoch(timeZone, range.from)),
    rangeEnd: formatZoned(stampZone, zonedEpoch(timeZone, addDays(range.to, 1)) - 1000),
    timeZone,
    list,
  };
}

export function rangeBounds(timeZone: string, range: DateRange): [number, number] {
  return [zonedEpoch(timeZone, range.from), zonedEpoch(timeZone, addDays(range.to, 1))];
}
