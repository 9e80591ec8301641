import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TOOLS } from "../../src/tools/registry.js";

// A description repeating the name ("First name") costs context on every conversation and says
// nothing; organizationId is explained once in the server instructions and by list_locations.
const SELF_EXPLANATORY = new Set([
  "organizationId",
  "firstName",
  "lastName",
  "email",
  "address",
  "page",
  "includeCanceled",
]);

// Enforced for every tool, present and future: clients rely on these to decide on prompts,
// and models rely on descriptions to know where each value comes from.
describe.each(TOOLS.map((tool) => [tool.name, tool] as const))("tool %s", (name, tool) => {
  it("has a snake_case verb_noun name within the 64-character limit", () => {
    expect(name).toMatch(/^[a-z]+(_[a-z]+)+$/);
    expect(name.length).toBeLessThanOrEqual(64);
  });

  it("has a title and a description", () => {
    expect(tool.title.trim()).not.toBe("");
    expect(tool.description.length).toBeGreaterThan(40);
  });

  it("declares all four annotations as booleans, consistently", () => {
    const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = tool.annotations;
    for (const hint of [readOnlyHint, destructiveHint, idempotentHint, openWorldHint]) {
      expect(typeof hint).toBe("boolean");
    }
    if (readOnlyHint) expect(destructiveHint).toBe(false);
  });

  it("has an object output schema", () => {
    expect(tool.output).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(tool.output.shape).length).toBeGreaterThan(0);
  });

  it("describes every top-level parameter whose name does not say it all", () => {
    for (const [param, schema] of Object.entries(tool.input.shape)) {
      if (SELF_EXPLANATORY.has(param)) continue;
      expect(
        (schema as z.ZodType).description,
        `${name}.${param} needs a description`,
      ).toBeTruthy();
    }
  });
});

it("registers each tool name once", () => {
  const names = TOOLS.map((tool) => tool.name);
  expect(new Set(names).size).toBe(names.length);
});
