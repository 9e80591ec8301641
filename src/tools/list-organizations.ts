import { z } from "zod";
import { defineTool, READ_ONLY } from "./define.js";
import { knownOrganizations } from "./support/organizations.js";
import { skippedOutput } from "./support/output-shapes.js";
import { qList } from "./support/quote.js";
import { skippedView } from "./support/skipped.js";

/** An app may be installed in many organizations: a page keeps one answer small. */
const PAGE = 50;

export const listOrganizations = defineTool({
  name: "list_organizations",
  title: "List organizations",
  toolset: "organization",
  description:
    "Organizations this server may use (with locations under them); pass an id as organizationId to the other tools.",
  input: z.strictObject({
    search: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("Only names or ids that contain this"),
    cursor: z
      .string()
      .regex(/^\d{1,6}$/, { error: "cursor must be the nextCursor of a previous answer" })
      .optional()
      .describe("nextCursor of the previous page"),
  }),
  output: z.object({
    source: z.enum(["app", "configured"]),
    total: z.number(),
    organizations: z.array(
      z.object({
        id: z.string(),
        name: z.string().optional(),
        customId: z.string().optional(),
        parentId: z.string().optional(),
      }),
    ),
    nextCursor: z.string().optional(),
    skipped: skippedOutput,
  }),
  annotations: READ_ONLY,
  async handler(args, ctx) {
    const { source, organizations, skipped } = await knownOrganizations(ctx);
    const needle = args.search?.toLowerCase();
    const matching = needle
      ? organizations.filter(
          (o) => o.id.toLowerCase().includes(needle) || o.name?.toLowerCase().includes(needle),
        )
      : organizations;
    const from = Number(args.cursor ?? 0);
    const page = matching.slice(from, from + PAGE);
    const next = from + PAGE < matching.length ? String(from + PAGE) : undefined;
    const left = skippedView(skipped);
    const whose =
      source === "app"
        ? "the app is installed in"
        : "configured (set BOOKINGTIME_APP_ID to list all the app's)";
    const names = page.map((o) => o.name ?? o.id);
    const summary =
      matching.length === 0
        ? `No organization ${whose}${needle ? " matches the search" : ""}.`
        : `${matching.length} organization(s) ${whose}: ${qList(names)}.` +
          (next
            ? ` Showing ${from + 1}-${from + page.length}; pass cursor "${next}" for more.`
            : "");
    return {
      data: {
        source,
        total: matching.length,
        organizations: page,
        ...(next ? { nextCursor: next } : {}),
        ...left.data,
      },
      summary: summary + left.text,
    };
  },
});
