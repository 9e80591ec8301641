import { describe, expect, it } from "vitest";
import { matching } from "../../src/tools/support/completions.js";
import { LookupCache } from "../../src/tools/support/lookup-cache.js";

describe("LookupCache (completion lookups)", () => {
  it("answers from memory for its TTL, then asks again", async () => {
    let now = 0;
    const cache = new LookupCache(30_000, () => now);
    let calls = 0;
    const load = async () => ++calls;
    expect(await cache.get("k", load)).toBe(1);
    now = 29_999;
    expect(await cache.get("k", load)).toBe(1);
    now = 30_000;
    expect(await cache.get("k", load)).toBe(2);
    expect(await cache.get("other", load)).toBe(3);
  });

  it("keeps no failure: the next request asks again", async () => {
    const cache = new LookupCache(30_000, () => 0);
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => "up")).toBe("up");
  });

  it("stays bounded, dropping the oldest key", async () => {
    const cache = new LookupCache(30_000, () => 0, 2);
    let calls = 0;
    const load = async () => ++calls;
    await cache.get("a", load);
    await cache.get("b", load);
    await cache.get("c", load);
    expect(await cache.get("b", load)).toBe(2);
    expect(await cache.get("a", load)).toBe(4);
  });
});

describe("matching (completion filter)", () => {
  const entries = [
    { id: "f6Aaaa", name: "ACME Hamburg-Altona" },
    { id: "f6Bbbb", name: "Zürich Praxis" },
    { id: "fcCccc", name: undefined },
  ];
  const ids = (typed: string) => matching(entries, typed, (e) => e.id);

  it("matches a prefix of the id, of the name or of a word in it, in any case", () => {
    expect(ids("")).toEqual(["f6Aaaa", "f6Bbbb", "fcCccc"]);
    expect(ids("F6A")).toEqual(["f6Aaaa"]);
    expect(ids("acme h")).toEqual(["f6Aaaa"]);
    expect(ids("ALTONA")).toEqual(["f6Aaaa"]);
    expect(ids("zü")).toEqual(["f6Bbbb"]);
    expect(ids("praxis")).toEqual(["f6Bbbb"]);
    expect(ids("xyz")).toEqual([]);
  });

  it("returns every match (the SDK sends 100 with total and hasMore) and no duplicate", () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ id: `f6${i}`, name: "Same" }));
    expect(matching(many, "same", (e) => e.id)).toHaveLength(150);
    expect(matching(many, "same", (e) => e.name ?? e.id)).toEqual(["Same"]);
  });
});
