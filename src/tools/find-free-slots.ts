import { z } from "zod";
import { UserInputError } from "../bookingtime/errors.js";
import type { BookingSlot } from "../bookingtime/schemas.js";
import { formatZoned } from "../bookingtime/time.js";
import {
  fromInput,
  idInput,
  listOutput,
  optionalIdInput,
  pageInput,
  pageOf,
  toInput,
} from "./booking-inputs.js";
import { organizationIdInput } from "./common.js";
import { defineTool } from "./define.js";
import { coverRange, precheckRange, resolveRange } from "./time-range.js";

const PAGE_SIZE = 20;
const NOTE = "Slot ids are short-lived (minutes): book promptly or search again.";

export const findFreeSlots = defineTool({
  name: "find_free_slots",
  title: "Find free slots",
  toolset: "services",
  description:
    "Free slots of a service in up to 31 days, or the earliest day if no from. Slot ids expire in minutes.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    serviceId: idInput("bookingTemplate", "serviceId", "list_services"),
    from: fromInput,
    to: toInput,
    staffId: optionalIdInput("bookingResource", "staffId", "list_staff"),
    page: pageInput,
  }),
  output: listOutput("slots"),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    if (args.from === undefined && args.to !== undefined) {
      throw new UserInputError("'to' needs 'from'; omit both to get the earliest free day.");
    }
    if (args.from !== undefined) precheckRange(args.from, args.to);
    const organizationId = ctx.organizationId(args.organizationId);
    const [template, timeZone] = await Promise.all([
      ctx.api.showBookingTemplate(organizationId, args.serviceId),
      ctx.api.timeZone(organizationId),
    ]);
    let slots: BookingSlot[];
    let range: { startMs: number; endMs: number } | undefined;
    if (args.from === undefined) {
      slots = (await ctx.api.listBookingSlots(organizationId, args.serviceId, "earliest")).list;
    } else {
      const resolved = resolveRange(args.from, args.to, timeZone);
      range = resolved;
      const lists = await Promise.all(
        coverRange(resolved.firstDay, resolved.lastDay).map((unit) =>
          ctx.api.listBookingSlots(organizationId, args.serviceId, unit),
        ),
      );
      slots = lists.flatMap((l) => l.list);
    }
    const names = new Map<string, string>();
    for (const step of template.bookingStepList ?? []) {
      for (const r of step.bookingResourceList ?? []) if (r.name) names.set(r.id, r.name);
    }
    const durationMs = template.duration * 60_000;
    const seen = new Set<string>();
    const shaped = slots
      .map((s) => ({ slot: s, startMs: Date.parse(s.timestamp) }))
      .filter(({ slot, startMs }) => {
        if (Number.isNaN(startMs) || seen.has(slot.id)) return false;
        seen.add(slot.id);
        if (range && (startMs < range.startMs || startMs >= range.endMs)) return false;
        return !args.staffId || (slot.bookingResourceCombination ?? []).includes(args.staffId);
      })
      .sort((a, b) => a.startMs - b.startMs);
    const { items, ...paging } = pageOf(shaped, args.page, PAGE_SIZE);
    const out = items.map(({ slot, startMs }) => {
      ctx.bookings.rememberSlot(slot.id, {
        organizationId,
        serviceName: template.name,
        startMs,
        timeZone,
      });
      return {
        id: slot.id,
        start: formatZoned(timeZone, startMs),
        end: formatZoned(timeZone, startMs + durationMs),
        staff: (slot.bookingResourceCombination ?? []).map((id) => {
          const name = names.get(id);
          return name ? { id, name } : { id };
        }),
      };
    });
    const first = out[0];
    const where =
      args.from === undefined
        ? "on the earliest day with free time"
        : `from ${args.from}${args.to ? ` to ${args.to}` : ""}`;
    return {
      data: {
        service: { id: template.id, name: template.name, durationMinutes: template.duration },
        timeZone,
        slots: out,
        ...paging,
        note: NOTE,
      },
      summary:
        paging.total === 0
          ? `No free ${template.name} slots ${where} (${timeZone}).`
          : `${paging.total} free ${template.name} slot(s) ${where} (${timeZone}); first shown ${first?.start ?? "-"}. ${NOTE}`,
    };
  },
});
