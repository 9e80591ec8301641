import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Each fixture must be replayed by a test that asserts what a tool returns; the replay tests load
// mocks by `envelope(api, sdkMethod)` and sdk-wire.json through the wire test.
const DIR = new URL("./fixtures/", import.meta.url);
const tests = readdirSync(new URL("./", import.meta.url))
  .filter((f) => f.endsWith(".test.ts") && f !== "coverage.test.ts")
  .map((f) => readFileSync(new URL(f, import.meta.url), "utf8"))
  .join("\n");

describe("contract fixtures", () => {
  const mocks = readdirSync(DIR).filter((f) => /^(app|module)\..+\.json$/.test(f));

  it("holds every SDK mock payload of the reference data", () => {
    expect(mocks.length).toBe(12);
  });

  it.each(mocks)("%s is replayed through a tool by a contract test", (file) => {
    const [api, method = ""] = file.replace(/\.json$/, "").split(".");
    // Slot lists are served by slotRoutes(unit), which loads `module.bookingSlot_${unit}`.
    const slotUnit = /^bookingSlot_(\w+)$/.exec(method)?.[1];
    const loaded = slotUnit
      ? tests.includes(`slotRoutes("${slotUnit}")`)
      : tests.includes(`envelope("${api}", "${method}")`);
    expect(loaded, `no contract test loads ${file}`).toBe(true);
  });

  it("sdk-wire.json is compared with what the client sends", () => {
    expect(tests).toContain("sdk-wire");
  });
});
