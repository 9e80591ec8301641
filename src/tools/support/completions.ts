import { ORGANIZATION_ID_PATTERN } from "../../bookingtime/ids.js";
import type { ToolContext } from "../define.js";
import {
  defaultLocations,
  defaultOrganizationId,
  knownOrganizations,
  mayUse,
} from "./organizations.js";

/** What a prompt argument or a resource template variable completes to. */
export type CompletionSource = "organizations" | "services" | "staff";

interface Entry {
  id: string;
  name?: string | undefined;
}

/** The protocol's cap per answer; the SDK cuts there and sets `total` and `hasMore`. */
export const MAX_COMPLETIONS = 100;

/**
 * Entries whose id, name or a word of the name starts with what was typed, case-insensitive.
 * Completion values are strings without labels (MCP 2025-11-25), so organizations complete to
 * their ids (what the tools take) and services and staff to their names (what a person types
 * into book_appointment; the prompt has the model look the ids up).
 */
export function matching(
  entries: readonly Entry[],
  typed: string,
  value: (e: Entry) => string,
): string[] {
  const needle = typed.trim().toLowerCase();
  const hits = entries.filter((e) => {
    if (needle === "" || e.id.toLowerCase().startsWith(needle)) return true;
    const name = e.name?.toLowerCase() ?? "";
    return (
      name.startsWith(needle) || name.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(needle))
    );
  });
  return [...new Set(hits.map(value))];
}

/** The organization already filled in (when it is one this server may use), else the default. */
function organizationFor(ctx: ToolContext, filled: Record<string, string> | undefined) {
  const given = filled?.organizationId ?? filled?.id;
  if (given !== undefined && ORGANIZATION_ID_PATTERN.test(given) && mayUse(ctx, given)) {
    return given;
  }
  return defaultOrganizationId(ctx);
}

async function entries(
  source: CompletionSource,
  ctx: ToolContext,
  filled: Record<string, string> | undefined,
): Promise<Entry[]> {
  const cache = ctx.lookups;
  if (source === "organizations") {
    const { organizations } = await knownOrganizations(ctx, cache);
    // Without an app id, the default's locations are organizations one may pass too.
    return ctx.appId === undefined
      ? [...organizations, ...(await defaultLocations(ctx, cache))]
      : organizations;
  }
  const id = organizationFor(ctx, filled);
  if (id === undefined) return [];
  if (source === "services") {
    const fetch = () => ctx.api.listBookingTemplates(id);
    return (await (cache ? cache.get(`services:${id}`, fetch) : fetch())).records;
  }
  const fetch = () => ctx.api.listBookingResources(id);
  const { records } = await (cache ? cache.get(`staff:${id}`, fetch) : fetch());
  return records.map((r) => ({
    id: r.id,
    name: r.name || [r.firstName, r.lastName].filter(Boolean).join(" ") || undefined,
  }));
}

/**
 * The values for a completion request. Never fails: a completion is a convenience while a
 * person types, so any error (bookingtime down, no default organization) answers an empty list
 * rather than a protocol error carrying upstream text.
 */
export async function complete(
  source: CompletionSource,
  ctx: ToolContext,
  typed: string,
  filled?: Record<string, string>,
): Promise<string[]> {
  try {
    const list = await entries(source, ctx, filled);
    return matching(list, typed, source === "organizations" ? (e) => e.id : (e) => e.name ?? e.id);
  } catch {
    return [];
  }
}
