import { BookingtimeError } from "../../bookingtime/errors.js";
import type { OrganizationShort, Skipped } from "../../bookingtime/schemas.js";
import type { ToolContext } from "../define.js";
import type { LookupCache } from "./lookup-cache.js";

const PARALLEL = 4;

/** An organization this server may use, as list_organizations and completions offer it. */
export interface KnownOrganization {
  id: string;
  /** Absent when bookingtime could not say (no access to its profile, a slow answer). */
  name?: string;
  customId?: string;
  /** Set for a location listed under the organization it belongs to. */
  parentId?: string;
}

export interface Directory {
  /** "app": the organizations the app is installed in; "configured": this server's settings. */
  source: "app" | "configured";
  organizations: KnownOrganization[];
  skipped: Skipped[];
}

/** Whether the server (or this caller) may use the organization: the same rule as every tool. */
export function mayUse(ctx: ToolContext, id: string): boolean {
  try {
    ctx.organizationId(id);
    return true;
  } catch {
    return false;
  }
}

export function defaultOrganizationId(ctx: ToolContext): string | undefined {
  try {
    return ctx.organizationId(undefined);
  } catch {
    return undefined;
  }
}

function flatten(list: readonly OrganizationShort[], parentId?: string): KnownOrganization[] {
  return list.flatMap((o) => [
    {
      id: o.id,
      name: o.name,
      ...(o.customId ? { customId: o.customId } : {}),
      ...(parentId ? { parentId } : {}),
    },
    ...flatten(o.organizationList ?? [], o.id),
  ]);
}

function unique(list: readonly KnownOrganization[]): KnownOrganization[] {
  const seen = new Set<string>();
  return list.filter((o) => !seen.has(o.id) && seen.add(o.id));
}

/**
 * With BOOKINGTIME_APP_ID, the organizations the app is installed in (locations nested in the
 * answer come after their organization); without it, the default organization and
 * BOOKINGTIME_ALLOWED_ORGANIZATIONS. Either way only those this server (or caller) may use:
 * answers are cached unfiltered (completions pass the runtime's cache), the filter is per call.
 */
export async function knownOrganizations(
  ctx: ToolContext,
  cache?: LookupCache,
): Promise<Directory> {
  const load = <T>(key: string, fetch: () => Promise<T>) =>
    cache ? cache.get(key, fetch) : fetch();
  const { appId } = ctx;
  if (appId !== undefined) {
    const { records, skipped } = await load(`app:${appId}`, () =>
      ctx.api.listAppOrganizations(appId),
    );
    const organizations = unique(flatten(records)).filter((o) => mayUse(ctx, o.id));
    return { source: "app", organizations, skipped };
  }
  const first = defaultOrganizationId(ctx);
  const ids = [...new Set([...(first ? [first] : []), ...(ctx.allowedOrganizations ?? [])])];
  const named = async (id: string): Promise<KnownOrganization> => {
    try {
      const { name, customId } = await load(`organization:${id}`, () =>
        ctx.api.showOrganization(id),
      );
      return { id, name, ...(typeof customId === "string" && customId ? { customId } : {}) };
    } catch (error) {
      // Listed anyway: the id is configured; a call with it will say what is wrong.
      if (error instanceof BookingtimeError) return { id };
      throw error;
    }
  };
  // A few at a time: a long BOOKINGTIME_ALLOWED_ORGANIZATIONS must not fire every lookup at once.
  const organizations: KnownOrganization[] = [];
  for (let i = 0; i < ids.length; i += PARALLEL) {
    organizations.push(...(await Promise.all(ids.slice(i, i + PARALLEL).map(named))));
  }
  return { source: "configured", organizations, skipped: [] };
}

/** The default organization's locations (cached like the rest), for completions without an app id. */
export async function defaultLocations(
  ctx: ToolContext,
  cache: LookupCache | undefined,
): Promise<KnownOrganization[]> {
  const id = defaultOrganizationId(ctx);
  if (id === undefined) return [];
  const fetch = () => ctx.api.listSubOrganizations(id);
  const { records } = await (cache ? cache.get(`locations:${id}`, fetch) : fetch());
  return flatten(records, id).filter((o) => mayUse(ctx, o.id));
}
