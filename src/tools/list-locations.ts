import { z } from "zod";
import { effective } from "../booking/compact.js";
import type { BookingtimeApi } from "../bookingtime/api.js";
import { BookingtimeError } from "../bookingtime/errors.js";
import type { OrganizationShort } from "../bookingtime/schemas.js";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationIdInput } from "./support/common.js";
import { skippedOutput } from "./support/output-shapes.js";
import { qList } from "./support/quote.js";
import { skippedView } from "./support/skipped.js";

/** Details (address, time zone) are read for at most this many locations, a few at a time. */
const MAX_DETAILED = 25;
const PARALLEL = 4;

interface Location {
  id: string;
  name: string;
  customId?: string;
  parentId: string;
  address?: string;
  timeZone?: string;
}

function flatten(list: readonly OrganizationShort[], parentId: string): Location[] {
  return list.flatMap((o) => [
    { id: o.id, name: o.name, ...(o.customId ? { customId: o.customId } : {}), parentId },
    ...flatten(o.organizationList ?? [], o.id),
  ]);
}

async function details(api: BookingtimeApi, id: string) {
  try {
    const o = effective(await api.showOrganization(id)) as {
      address?: { street?: string; zip?: string; city?: string; country?: string };
      settings?: { timeZone?: string };
    };
    const a = o.address;
    const address = a
      ? [a.street, [a.zip, a.city].filter(Boolean).join(" "), a.country].filter(Boolean).join(", ")
      : undefined;
    return {
      ...(address ? { address } : {}),
      ...(o.settings?.timeZone ? { timeZone: o.settings.timeZone } : {}),
    };
  } catch (error) {
    // The list is still useful without one location's details (e.g. no access to it).
    if (error instanceof BookingtimeError) return {};
    throw error;
  }
}

export const listLocations = defineTool({
  name: "list_locations",
  title: "List locations",
  toolset: "organization",
  description: "Locations (sub-organizations); pass one's id as organizationId to other tools.",
  input: z.strictObject({ organizationId: organizationIdInput }),
  output: z.object({
    organizationId: z.string(),
    total: z.number(),
    locations: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        customId: z.string().optional(),
        parentId: z.string(),
        address: z.string().optional(),
        timeZone: z.string().optional(),
      }),
    ),
    skipped: skippedOutput,
  }),
  annotations: READ_ONLY,
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const { records, skipped } = await ctx.api.listSubOrganizations(organizationId);
    const locations = flatten(records, organizationId);
    const left = skippedView(skipped);
    const detailed = locations.slice(0, MAX_DETAILED);
    for (let i = 0; i < detailed.length; i += PARALLEL) {
      const batch = detailed.slice(i, i + PARALLEL);
      await Promise.all(
        batch.map(async (location) => {
          Object.assign(location, await details(ctx.api, location.id));
        }),
      );
    }
    const summary =
      locations.length === 0
        ? `Organization ${organizationId} has no sub-organizations; use it directly.`
        : `${locations.length} locations: ${qList(locations.map((l) => l.name))}.`;
    return {
      data: { organizationId, total: locations.length, locations, ...left.data },
      summary: summary + left.text,
    };
  },
});
