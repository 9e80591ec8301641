import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ToolDefinition } from "../define.js";
import { ICONS } from "./icons.js";
import { outputListing } from "./output-listing.js";

type Schema = Record<string, unknown>;

// Bounds and patterns stay enforced by zod before any request, with messages that name the
// field; in the listing they would only cost context on every conversation (each formatted
// field's description gives its form, e.g. "YYYY-MM-DD").
const DROPPED_KEYS = new Set([
  "$schema",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "additionalProperties",
  "pattern",
]);

function lean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lean);
  if (value === null || typeof value !== "object") return value;
  const out: Schema = {};
  for (const [key, child] of Object.entries(value)) {
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = lean(child);
  }
  return out;
}

/**
 * The tools/list answer, computed once per selection. Inputs are still closed: the server
 * refuses an unknown argument by name, so the listing need not say so on every object.
 */
export function toolListing(tools: readonly ToolDefinition[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: lean(
      z.toJSONSchema(tool.input, { target: "draft-7", io: "input" }),
    ) as Tool["inputSchema"],
    outputSchema: outputListing(tool.output) as Tool["outputSchema"],
    annotations: tool.annotations,
    // One shared icon: per toolset they would cost the same bytes and say little more.
    icons: ICONS,
  }));
}
