import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NEEDED_NODE, nodeVersionProblem } from "../../src/node-version.js";

describe("the Node version check at the entry", () => {
  it("names the version found and the one needed when Node is too old", () => {
    const problem = nodeVersionProblem("18.19.0");
    expect(problem).toContain("18.19.0");
    expect(problem).toContain(`Node.js ${NEEDED_NODE} or newer`);
    expect(nodeVersionProblem("20.18.0")).toContain("20.18.0");
    expect(nodeVersionProblem("v16.20.2")).toContain("v16.20.2");
  });

  it.each(["20.18.1", "20.19.0", "22.1.0", "24.0.0"])("lets Node %s start", (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it("needs what package.json's engines field promises", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(pkg.engines.node).toBe(`>=${NEEDED_NODE}`);
  });
});
