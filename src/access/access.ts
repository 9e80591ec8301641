import type { Caller } from "../audit/caller.js";
import type { ServerDeps } from "../server.js";
import type { ToolDefinition } from "../tools/define.js";
import { isWriteTool, TOOLS, type ToolSelection } from "../tools/registry.js";
import type { PolicyEntry } from "./policy.js";
import { SCOPES } from "./scopes.js";

/** What one request may use, from its credential and the policy file. */
export interface Access {
  caller: Caller;
  /** The token's scopes; undefined for credentials without scopes (static tokens, no auth). */
  scopes?: ReadonlySet<string> | undefined;
  /** The policy file's entry for this caller; undefined without a policy file. */
  policy?: PolicyEntry | undefined;
  /** A `bookingtime_organizations` claim in the token: narrows like the policy does. */
  claimedOrganizations?: readonly string[] | undefined;
}

/** cancel_appointment needs its own scope; other writes need write; everything else read. */
export function scopeFor(tool: ToolDefinition): string {
  if (tool.name === "cancel_appointment") return SCOPES.cancel;
  return isWriteTool(tool) ? SCOPES.write : SCOPES.read;
}

export const TOOLS_BY_NAME: ReadonlyMap<string, ToolDefinition> = new Map(
  TOOLS.map((t) => [t.name, t]),
);

const intersect = (
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] | undefined =>
  a === undefined ? b : b === undefined ? a : a.filter((x) => b.includes(x));

/** Whether the access changes nothing: the server's own dependencies (and its pool) serve it. */
export function unrestricted(access: Access): boolean {
  return (
    access.scopes === undefined &&
    access.policy === undefined &&
    access.claimedOrganizations === undefined
  );
}

/**
 * The server's dependencies narrowed to one caller: BOOKINGTIME_ALLOWED_ORGANIZATIONS, --read-only
 * and --toolsets stay the outer limit; scopes, the policy and a claim can only take away.
 */
export function narrowDeps(base: ServerDeps, access: Access): ServerDeps {
  if (unrestricted(access)) return base;
  const { policy, scopes } = access;
  const organizations = intersect(
    intersect(base.allowedOrganizations, policy?.organizations),
    access.claimedOrganizations,
  );
  const withoutScope = scopes
    ? TOOLS.filter((t) => !scopes.has(scopeFor(t))).map((t) => t.name)
    : [];
  const onlyReads = TOOLS.filter(isWriteTool).every(
    (t) => withoutScope.includes(t.name) || (policy?.readOnly ?? false),
  );
  const tools: ToolSelection = {
    readOnly: (base.tools?.readOnly ?? false) || onlyReads,
    toolsets: intersect(base.tools?.toolsets, policy?.toolsets) as ToolSelection["toolsets"],
    exclude: [...(base.tools?.exclude ?? []), ...withoutScope],
  };
  return {
    ...base,
    allowedOrganizations: organizations,
    // Error hints then say whose list refused an organization.
    organizationsPerCaller: organizations !== base.allowedOrganizations,
    tools,
  };
}

/** Callers with the same narrowed dependencies can share pooled servers. */
export function accessKey(deps: ServerDeps): string {
  const t = deps.tools ?? {};
  return JSON.stringify([
    deps.allowedOrganizations ?? null,
    t.readOnly ?? false,
    t.toolsets ?? null,
    [...(t.exclude ?? [])].sort(),
  ]);
}
