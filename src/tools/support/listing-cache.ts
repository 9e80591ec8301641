import { readFileSync } from "node:fs";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ToolDefinition } from "../define.js";
import { toolListing } from "./listing.js";

/**
 * Written next to the bundle by scripts/bundle.mjs from the same sources in the same build:
 * converting every schema to JSON Schema was a twentieth of the start-up time, and tools/list
 * is part of every start. Absent (running from src/), the listing is converted here.
 */
export const PRECOMPUTED_LISTING_FILE = "tool-listing.json";

let precomputed: Map<string, Tool> | null | undefined;

function precomputedListing(): Map<string, Tool> | null {
  if (precomputed === undefined) {
    try {
      const file = new URL(`./${PRECOMPUTED_LISTING_FILE}`, import.meta.url);
      const tools = JSON.parse(readFileSync(file, "utf8")) as Tool[];
      precomputed = new Map(tools.map((tool) => [tool.name, tool]));
    } catch {
      precomputed = null;
    }
  }
  return precomputed;
}

/** toolListing(tools), taking each entry from the build's precomputed listing when it has one. */
export function listingFor(tools: readonly ToolDefinition[]): Tool[] {
  const ready = precomputedListing();
  const found = ready ? tools.map((tool) => ready.get(tool.name)) : [];
  if (ready && found.every((entry) => entry !== undefined)) return found as Tool[];
  return toolListing(tools);
}
