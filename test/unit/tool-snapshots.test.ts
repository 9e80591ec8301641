import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOOLS } from "../../src/tools/registry.js";
import { toolListing } from "../../src/tools/support/listing.js";

/**
 * The reviewed tool surface: each tool's tools/list entry (name, title, description, annotations,
 * input and output schema) is committed in test/snapshots/tools/<name>.json, so that any change
 * to what a model reads shows in review. After a deliberate change:
 *   UPDATE_SNAPSHOTS=1 npx vitest run test/unit/tool-snapshots.test.ts
 * and commit the rewritten files with the change. The built binary serves the same listing
 * (test/e2e/tool-listing.test.ts).
 */
const DIR = new URL("../snapshots/tools/", import.meta.url);
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";

const listing = toolListing(TOOLS);
const fileOf = (name: string) => new URL(`${name}.json`, DIR);
const render = (entry: unknown) => `${JSON.stringify(entry, null, 2)}\n`;

if (UPDATE) {
  mkdirSync(DIR, { recursive: true });
  for (const file of readdirSync(DIR)) rmSync(new URL(file, DIR));
  for (const entry of listing) writeFileSync(fileOf(entry.name), render(entry));
}

describe("tool surface snapshots (test/snapshots/tools)", () => {
  it("has one snapshot per listed tool and none for a tool that is gone", () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -".json".length))
      .sort();
    expect(files).toEqual(listing.map((t) => t.name).sort());
  });

  it.each(listing.map((entry) => [entry.name, entry] as const))(
    "%s is listed exactly as its snapshot (rewrite with UPDATE_SNAPSHOTS=1 after a deliberate change)",
    (name, entry) => {
      expect(existsSync(fileOf(name)), `no snapshot for ${name}`).toBe(true);
      expect(readFileSync(fileOf(name), "utf8")).toBe(render(entry));
    },
  );
});
