import { describe, expect, it } from "vitest";
import { selectPrompts } from "../../src/prompts/registry.js";
import { TOOLSETS } from "../../src/tools/define.js";
import { selectTools, TOOLS } from "../../src/tools/registry.js";

const names = (tools: readonly { name: string }[]) => tools.map((t) => t.name);

describe("selectTools", () => {
  it("keeps every tool, in order, without a selection", () => {
    expect(selectTools(TOOLS)).toEqual([...TOOLS]);
    expect(selectTools(TOOLS, { readOnly: false, toolsets: undefined })).toEqual([...TOOLS]);
  });

  it("drops exactly the tools whose readOnlyHint is false in read-only mode", () => {
    const kept = selectTools(TOOLS, { readOnly: true });
    expect(kept.every((t) => t.annotations.readOnlyHint)).toBe(true);
    expect(names(kept)).toEqual(names(TOOLS.filter((t) => t.annotations.readOnlyHint)));
    expect(names(kept)).not.toContain("add_customer");
    expect(names(kept)).not.toContain("update_customer");
  });

  it("keeps only the named toolsets", () => {
    expect(names(selectTools(TOOLS, { toolsets: ["organization"] }))).toEqual([
      "get_organization",
      "list_organizations",
      "list_locations",
      "list_staff",
    ]);
    expect(selectTools(TOOLS, { toolsets: [] })).toEqual([]);
    expect(selectTools(TOOLS, { toolsets: [...TOOLSETS] })).toEqual([...TOOLS]);
  });

  it("every tool belongs to a known toolset", () => {
    for (const tool of TOOLS) expect(TOOLSETS).toContain(tool.toolset);
  });
});

describe("selectPrompts", () => {
  it("offers book_appointment only when it could be carried out", () => {
    expect(names(selectPrompts())).toEqual(["book_appointment"]);
    expect(selectPrompts({ readOnly: true })).toEqual([]);
    expect(selectPrompts({ toolsets: ["customers"] })).toEqual([]);
    expect(names(selectPrompts({ toolsets: ["services", "customers", "appointments"] }))).toEqual([
      "book_appointment",
    ]);
  });
});
