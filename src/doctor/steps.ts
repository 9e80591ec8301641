import { z } from "zod";
import type { TokenService } from "../auth/token-service.js";
import { coverRange } from "../booking/time-range.js";
import type { BookingtimeApi } from "../bookingtime/api.js";
import {
  type BookingTemplate,
  bookingResourceSchema,
  bookingSlotSchema,
  bookingTemplateSchema,
  customerPageSchema,
  listOf,
  organizationListSchema,
  organizationSchema,
  rangeListOf,
} from "../bookingtime/schemas.js";
import { addDays, formatDate, localDateOf, zonedEpoch } from "../bookingtime/time.js";
import { organizationZone } from "../bookingtime/zone.js";
import { listsInZone } from "../tools/support/zoned-lists.js";
import { parseJson } from "./messages.js";
import type { TappedExchange } from "./tap.js";

export interface DoctorContext {
  organizationId: string;
  tokens: TokenService;
  api: BookingtimeApi;
  now: () => number;
  /** What earlier steps found, for later ones. */
  services: BookingTemplate[] | undefined;
}

export interface Step {
  /** Printed at the start of the step's line. */
  name: string;
  /** Stem of the --record file. */
  file: string;
  /** Which URL a failure points at. */
  endpoint: "auth" | "api";
  /** Steps that must have passed for this one to run. */
  needs: readonly string[];
  /** The shape the answer must have: a failure names the first field that does not fit. */
  shape: z.ZodType;
  /** Does the step's calls; resolves to short facts for the report. */
  run(ctx: DoctorContext, answers: () => readonly TappedExchange[]): Promise<string>;
}

/** Not an upstream failure but a finding that stops a booking (no service at all). */
export class DoctorProblem extends Error {
  constructor(
    message: string,
    readonly check: string,
  ) {
    super(message);
  }
}

/** The customer search term: common in names of most languages, so a real account finds some. */
export const SEARCH_TERM = "e";
const SLOT_DAYS = 7;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "valid 30 days" from a token answer's expires_in, which may be a number or a numeric string. */
function lifetime(answers: readonly TappedExchange[]): string {
  const body = parseJson(answers.at(-1)?.body ?? Buffer.alloc(0)) as { expires_in?: unknown };
  const seconds = Number(body?.expires_in);
  if (!Number.isFinite(seconds) || seconds <= 0) return "no lifetime given";
  return seconds >= 86_400 ? `valid ${Math.round(seconds / 86_400)} days` : `valid ${seconds} s`;
}

/** In order; each needs only what a booking would need before it. */
export const STEPS: readonly Step[] = [
  {
    name: "grant",
    file: "token-grant",
    endpoint: "auth",
    needs: [],
    shape: z.looseObject({ refresh_token: z.string().min(1) }),
    async run(ctx, answers) {
      await ctx.tokens.ensureGrant();
      return `client_credentials: refresh token ${lifetime(answers())}`;
    },
  },
  {
    name: "exchange",
    file: "token-exchange",
    endpoint: "auth",
    needs: ["grant"],
    shape: z.looseObject({ access_token: z.string().min(1) }),
    async run(ctx, answers) {
      await ctx.tokens.getAccessToken(ctx.organizationId);
      return `access token for ${ctx.organizationId} ${lifetime(answers())}`;
    },
  },
  {
    name: "organization",
    file: "organization-show",
    endpoint: "api",
    needs: ["exchange"],
    shape: organizationSchema,
    async run(ctx) {
      const org = await ctx.api.showOrganization(ctx.organizationId);
      const zone = organizationZone(org);
      return `"${org.name.slice(0, 60)}", ${zone ? `time zone ${zone}` : "names no time zone (tools use the zone bookingtime's lists carry)"}`;
    },
  },
  {
    name: "locations",
    file: "organization-list",
    endpoint: "api",
    needs: ["exchange"],
    shape: organizationListSchema,
    async run(ctx) {
      const { records, skipped } = await ctx.api.listSubOrganizations(ctx.organizationId);
      return plural(records.length, "sub-organization") + skippedNote(skipped);
    },
  },
  {
    name: "services",
    file: "bookingTemplate-list",
    endpoint: "api",
    needs: ["exchange"],
    shape: listOf(bookingTemplateSchema),
    async run(ctx) {
      const { records: services, skipped } = await ctx.api.listBookingTemplates(ctx.organizationId);
      if (services.length === 0) {
        throw new DoctorProblem(
          "the organization has no services (booking templates), so nothing can be booked",
          "create a service in bookingtime, or check BOOKINGTIME_ORGANIZATION_ID",
        );
      }
      ctx.services = services;
      return plural(services.length, "service") + skippedNote(skipped);
    },
  },
  {
    name: "staff",
    file: "bookingResource-list",
    endpoint: "api",
    needs: ["exchange"],
    shape: listOf(bookingResourceSchema),
    async run(ctx) {
      const { records: staff, skipped } = await ctx.api.listBookingResources(ctx.organizationId);
      return (
        plural(staff.length, "staff member or resource", "staff members or resources") +
        skippedNote(skipped)
      );
    },
  },
  {
    name: "slots",
    file: "bookingSlot-list",
    endpoint: "api",
    needs: ["organization", "services"],
    shape: rangeListOf(bookingSlotSchema),
    async run(ctx) {
      const service = ctx.services?.[0];
      if (!service) throw new DoctorProblem("no service to look up", "see the services step");
      // The time zone and the listDay/listWeek/listMonth calls find_free_slots would make,
      // with the same fallback to the list's zone when the organization names none.
      const days = (zone: string) => {
        const first = localDateOf(zone, ctx.now());
        return { first, last: addDays(first, SLOT_DAYS - 1) };
      };
      const { zone, note, lists } = await listsInZone({
        organizationZone: await ctx.api.organizationTimeZone(ctx.organizationId),
        units: (z) => coverRange(days(z).first, days(z).last),
        fetch: (unit) => ctx.api.listBookingSlots(ctx.organizationId, service.id, unit),
        zonesOf: (list) => [list.timeZone],
        source: "free-slot list",
      });
      const { first, last } = days(zone);
      // A listMonth answers the whole month: count only the days asked about.
      const fromMs = zonedEpoch(zone, first);
      const toMs = zonedEpoch(zone, addDays(last, 1));
      let count = 0;
      for (const slots of lists) {
        count += slots.list.filter((slot) => {
          const at = Date.parse(String(slot.timestamp));
          return at >= fromMs && at < toMs;
        }).length;
      }
      const source = note ? ", the free-slot list's zone: the organization names none" : "";
      return `${plural(count, "free slot")} of "${service.name.slice(0, 40)}" from ${formatDate(first)} to ${formatDate(last)} (${zone}${source})`;
    },
  },
  {
    name: "customers",
    file: "customer-filter",
    endpoint: "api",
    needs: ["exchange"],
    shape: customerPageSchema,
    async run(ctx) {
      const page = await ctx.api.filterCustomers(ctx.organizationId, SEARCH_TERM, 1);
      return `search for "${SEARCH_TERM}": ${plural(page.recordTotal, "customer")} found`;
    },
  },
];

/** Records bookingtime sent that the server cannot read: named, since tools will leave them out. */
function skippedNote(skipped: readonly { id?: string | undefined }[]): string {
  if (skipped.length === 0) return "";
  const ids = skipped
    .map((s) => s.id ?? "(no id)")
    .slice(0, 5)
    .join(", ");
  return `; ${skipped.length} unreadable record(s) left out: ${ids}`;
}
