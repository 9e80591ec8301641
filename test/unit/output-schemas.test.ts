import { describe, expect, it } from "vitest";
import { TOOLS } from "../../src/tools/registry.js";
import { ICON_SVG, ICONS } from "../../src/tools/support/icons.js";
import { toolListing } from "../../src/tools/support/listing.js";
import { outputValidators, schemaProblems } from "../helpers/output-schema.js";

type Schema = Record<string, unknown>;

const listing = toolListing(TOOLS);

/** Every `#/$defs/<name>` a schema refers to, with how often. */
function refCounts(node: unknown, counts = new Map<string, number>()): Map<string, number> {
  if (Array.isArray(node)) for (const item of node) refCounts(item, counts);
  if (node === null || typeof node !== "object") return counts;
  const ref = (node as Schema).$ref;
  if (typeof ref === "string") counts.set(ref, (counts.get(ref) ?? 0) + 1);
  for (const child of Object.values(node)) refCounts(child, counts);
  return counts;
}

describe.each(listing.map((tool) => [tool.name, tool] as const))(
  "outputSchema of %s",
  (_, tool) => {
    const schema = tool.outputSchema as Schema;

    it("types every value it names, closes no object and resolves every $ref", () => {
      expect(schemaProblems(schema)).toEqual([]);
    });

    it("names the fields the registry adds to any result", () => {
      const properties = schema.properties as Schema;
      expect(properties.truncated).toEqual({ type: "boolean" });
      expect(properties.bookingtimeMessages).toEqual({ type: "array", items: { type: "string" } });
      const truncation = properties.truncation as Schema;
      expect(Object.keys(truncation.properties as Schema)).toEqual(["note", "cuts"]);
    });

    it("shares a shape under $defs only when the tool uses it more than once", () => {
      const counts = refCounts(schema);
      for (const name of Object.keys((schema.$defs ?? {}) as Schema)) {
        expect(counts.get(`#/$defs/${name}`), name).toBeGreaterThanOrEqual(2);
      }
    });

    it("compiles with Ajv (JSON Schema 2020-12), as listed and closed", () => {
      expect(() => outputValidators(schema)).not.toThrow();
    });
  },
);

// The Inspector's --strict mode (CI) reads input schemas too: lenient argument shapes must still
// say what each argument is.
it.each(listing.map((tool) => [tool.name, tool] as const))(
  "inputSchema of %s types every value",
  (_, tool) => {
    expect(schemaProblems(tool.inputSchema as Schema, "inputSchema")).toEqual([]);
  },
);

describe("icons", () => {
  const decode = (src: string) => {
    const match = /^data:image\/svg\+xml(;base64)?,(.*)$/s.exec(src);
    if (!match) throw new Error(`not an SVG data URI: ${src.slice(0, 40)}`);
    const body = match[2] ?? "";
    return match[1] ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
  };

  it("the icon is a data URI that decodes to one SVG document, escaped as a URI must be", () => {
    const [icon] = ICONS;
    expect(ICONS).toHaveLength(1);
    expect(icon?.mimeType).toBe("image/svg+xml");
    expect(icon?.sizes).toEqual(["any"]);
    const src = icon?.src ?? "";
    // No character a URI may not carry unescaped (RFC 3986), and no '#' that would end it early.
    expect(src).toMatch(/^[A-Za-z0-9\-._~:/?@!$&'()*+,;=%]+$/);
    const svg = decode(src);
    expect(svg).toBe(ICON_SVG);
    expect(svg).toMatch(/^<svg xmlns='http:\/\/www\.w3\.org\/2000\/svg' viewBox='[\d,]+'>/);
    expect(svg.endsWith("</svg>")).toBe(true);
    // Balanced: every opened element is closed.
    const opened = svg.match(/<[a-z]+[\s>]/g)?.length ?? 0;
    const ends = (svg.match(/<\/[a-z]+>/g)?.length ?? 0) + (svg.match(/\/>/g)?.length ?? 0);
    expect(opened).toBe(ends);
  });

  it.each(listing.map((tool) => [tool.name, tool] as const))("%s lists the icon", (_, tool) => {
    expect(tool.icons).toEqual(ICONS);
  });
});
