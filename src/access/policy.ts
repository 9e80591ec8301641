import { readFileSync } from "node:fs";
import { z } from "zod";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";
import { ConfigError } from "../settings/types.js";
import { TOOLSETS } from "../toolsets.js";

/** What one caller may do; every field only narrows what the server already allows. */
const entrySchema = z.strictObject({
  organizations: z.array(z.string().regex(ORGANIZATION_ID_PATTERN)).optional(),
  readOnly: z.boolean().optional(),
  toolsets: z.array(z.enum(TOOLSETS)).optional(),
});
export type PolicyEntry = z.output<typeof entrySchema>;

const policySchema = z.strictObject({
  /** By the token's `sub`. */
  subjects: z.record(z.string(), entrySchema).default({}),
  /** By a `groups` or `roles` claim; a caller in several groups gets what any of them allows. */
  groups: z.record(z.string(), entrySchema).default({}),
  /** By a static token's name (`name:token` in BOOKINGTIME_MCP_TOKENS). */
  tokens: z.record(z.string(), entrySchema).default({}),
  /** For a caller no entry names; without it such a caller is refused. */
  default: entrySchema.optional(),
});
export type Policy = z.output<typeof policySchema>;

/** BOOKINGTIME_MCP_POLICY_FILE, read once at start. */
export function loadPolicy(path: string): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? "not valid JSON";
    throw new ConfigError(`BOOKINGTIME_MCP_POLICY_FILE ${path} cannot be read (${why}).`);
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(
      `BOOKINGTIME_MCP_POLICY_FILE ${path} is not valid:\n${issues.join("\n")}`,
    );
  }
  return parsed.data;
}

export interface PolicySubject {
  subject?: string | undefined;
  tokenName?: string | undefined;
  groups?: readonly string[] | undefined;
}

const union = <T>(lists: (readonly T[] | undefined)[]): T[] | undefined =>
  lists.some((l) => l === undefined) ? undefined : [...new Set(lists.flat() as T[])];

/**
 * The entry for a caller: its subject's, else its token name's, else what its groups allow
 * together, else the default. undefined: the policy gives this caller nothing.
 */
export function resolvePolicy(policy: Policy, who: PolicySubject): PolicyEntry | undefined {
  const own =
    (who.subject !== undefined ? policy.subjects[who.subject] : undefined) ??
    (who.tokenName !== undefined ? policy.tokens[who.tokenName] : undefined);
  if (own) return own;
  const grouped = (who.groups ?? []).flatMap((g) => policy.groups[g] ?? []);
  if (grouped.length === 0) return policy.default;
  return {
    organizations: union(grouped.map((e) => e.organizations)),
    readOnly: grouped.every((e) => e.readOnly === true),
    toolsets: union(grouped.map((e) => e.toolsets)),
  };
}
