import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PAGES = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```$/gm, "");
  return new Set(
    [...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      (m[1] ?? "")
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    ),
  );
}

// The README moved its long parts to docs/: every link between them must still land.
describe("links in the README and docs/", () => {
  it.each(PAGES)("%s links only to files and headings that exist", (page) => {
    const text = readFileSync(join(ROOT, page), "utf8").replace(/^```[\s\S]*?^```$/gm, "");
    for (const [, target = ""] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue; // https:, cursor: …
      const [path = "", anchor] = target.split("#");
      const file = path === "" ? page : normalize(join(dirname(page), path));
      expect(existsSync(join(ROOT, file)), `${page} → ${target}`).toBe(true);
      if (anchor !== undefined && file.endsWith(".md")) {
        expect(anchors(readFileSync(join(ROOT, file), "utf8")), `${page} → ${target}`).toContain(
          anchor,
        );
      }
    }
  });
});
