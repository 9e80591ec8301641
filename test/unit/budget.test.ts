import { afterEach, describe, expect, it, vi } from "vitest";
import { SecretRegistry } from "../../src/secrets.js";
import { findCustomers } from "../../src/tools/find-customers.js";
import { renderResult } from "../../src/tools/registry.js";
import { describeCuts, fitToBudget } from "../../src/tools/support/budget.js";
import { jsonStringBytes, prefixWithin } from "../../src/tools/support/json-size.js";

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `d3${String(i).padStart(30, "0")}`,
    name: `Person ${i}`,
  }));

describe("fitToBudget", () => {
  it("returns data within the budget unchanged (the same object)", () => {
    const data = { page: 1, customers: items(3) };
    const result = fitToBudget(data, 10_000);
    expect(result.data).toBe(data);
    expect(result.cuts).toEqual([]);
  });

  it("keeps as many whole items of the largest array as fit, and says how many", () => {
    const data = { page: 1, total: 500, customers: items(500), note: "kept" };
    const result = fitToBudget(data, 8_000);
    expect(size(result.data)).toBeLessThanOrEqual(8_000);
    const kept = (result.data.customers as unknown[]).length;
    expect(kept).toBeGreaterThan(50);
    expect(result.data.customers).toEqual(items(kept));
    expect(result.data).toMatchObject({ page: 1, total: 500, note: "kept" });
    expect(result.cuts).toEqual([{ path: "customers", kept, total: 500, unit: "items" }]);
    // Nearly all the room is used: one more item would not fit under the reserve.
    expect(size({ ...data, customers: items(kept + 1) })).toBeGreaterThan(8_000 - 600);
  });

  it("does not change the caller's data", () => {
    const data = { customers: items(300) };
    fitToBudget(data, 4_000);
    expect(data.customers).toHaveLength(300);
  });

  it("finds the largest array wherever it is nested", () => {
    const data = { organization: { name: "ACME", days: { list: items(400) } }, small: [1, 2, 3] };
    const result = fitToBudget(data, 5_000);
    expect(result.cuts.map((c) => c.path)).toEqual(["organization.days.list"]);
    expect(result.data.small).toEqual([1, 2, 3]);
  });

  it("cuts the longest string when there is no array left to cut", () => {
    const data = { id: "x", notes: "ä".repeat(20_000) };
    const result = fitToBudget(data, 3_000);
    expect(size(result.data)).toBeLessThanOrEqual(3_000);
    const notes = result.data.notes as string;
    expect(notes.endsWith("…")).toBe(true);
    expect(result.cuts).toEqual([
      { path: "notes", kept: notes.length - 1, total: 20_000, unit: "characters" },
    ]);
  });

  it("moves on to the next array when emptying one is not enough", () => {
    const data = { a: items(200), b: items(150) };
    const result = fitToBudget(data, 2_000);
    expect(size(result.data)).toBeLessThanOrEqual(2_000);
    expect(result.cuts.map((c) => c.path).sort()).toEqual(["a", "b"]);
  });

  it("describes the cut and how to get the rest", () => {
    const text = describeCuts([{ path: "customers", kept: 40, total: 120, unit: "items" }]);
    expect(text).toContain("customers: 40 of 120 items kept");
    expect(text).toContain("25 KB");
    expect(text).toMatch(/next page/);
  });
});

describe("renderResult (the registry's answer)", () => {
  const customers = items(1_000);

  it("cuts an oversized result to 25 KB of text with truncated: true, still valid for its tool", () => {
    const data = { query: "", page: 1, total: 1_000, hasMore: true, customers };
    const result = renderResult(data, "1000 customers.", new SecretRegistry());
    const text = (result.content[0] as { text: string }).text;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(25 * 1024);
    expect(result.structuredContent).toMatchObject({
      truncated: true,
      truncation: { cuts: [{ path: "customers", total: 1_000, unit: "items" }] },
    });
    expect(text).toMatch(
      /^1000 customers\. Result cut to fit 25 KB \(customers: \d+ of 1000 items kept\)/,
    );
    expect(findCustomers.output.safeParse(result.structuredContent).success).toBe(true);
    expect(result.isError).toBeUndefined();
  });

  it("leaves a result within the budget as it is", () => {
    const result = renderResult({ customers: items(2) }, "Two.", new SecretRegistry());
    expect(result.structuredContent).toEqual({ customers: items(2) });
    expect(result.structuredContent).not.toHaveProperty("truncated");
  });
});

describe("cutting large results in linear time, strings before lists", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shortens the long string and keeps every list item when that is enough", () => {
    const data = { customers: items(40), notes: "x".repeat(500_000) };
    const result = fitToBudget(data, 25_000);
    expect(size(result.data)).toBeLessThanOrEqual(25_000);
    expect(result.data.customers).toEqual(items(40));
    expect((result.data.notes as string).endsWith("…")).toBe(true);
    expect(result.cuts).toEqual([
      {
        path: "notes",
        kept: (result.data.notes as string).length - 1,
        total: 500_000,
        unit: "characters",
      },
    ]);
  });

  it("shortens the longest strings first, to a common length, leaving short ones whole", () => {
    const data = { a: "a".repeat(100_000), b: "b".repeat(30_000), c: "c".repeat(200) };
    const result = fitToBudget(data, 20_000);
    expect(size(result.data)).toBeLessThanOrEqual(20_000);
    const a = result.data.a as string;
    const b = result.data.b as string;
    expect(result.data.c).toBe(data.c);
    expect(Math.abs(a.length - b.length)).toBeLessThanOrEqual(1);
    expect(a.startsWith("aaaa")).toBe(true);
    expect(result.cuts.map((c) => c.path)).toEqual(["a", "b"]);
  });

  it("cuts long strings inside list items before dropping items, then keeps the list's head", () => {
    const people = Array.from({ length: 400 }, (_, i) => ({
      id: `p${i}`,
      notes: "n".repeat(3_000),
    }));
    const result = fitToBudget({ people }, 25_000);
    expect(size(result.data)).toBeLessThanOrEqual(25_000);
    const kept = result.data.people as { id: string; notes: string }[];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.map((p) => p.id)).toEqual(people.slice(0, kept.length).map((p) => p.id));
    expect(result.cuts.at(-1)).toMatchObject({ path: "people", total: 400, unit: "items" });
  });

  it("renders a 10 MB result within the budget, serialising the whole result a constant number of times", () => {
    const big = Array.from({ length: 2_000 }, (_, i) => ({
      id: `d3${String(i).padStart(30, "0")}`,
      name: `Person ${i}`,
      notes: 'Lorem ipsum ä "quoted"\n'.repeat(200),
    }));
    const data = { customers: big, blob: "z".repeat(5_000_000) };
    expect(size(data)).toBeGreaterThan(10_000_000);
    const stringify = vi.spyOn(JSON, "stringify");
    const result = renderResult(data, "2000 customers.", new SecretRegistry());
    // The whole tree is serialised a constant number of times (single strings may be measured alone).
    const wholeTree = stringify.mock.calls.filter(([value]) => typeof value !== "string");
    expect(wholeTree.length).toBeLessThanOrEqual(3);
    const text = (result.content[0] as { text: string }).text;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(25 * 1024);
    expect(text).toMatch(/^2000 customers\. Result cut to fit 25 KB \(/);
    const structured = result.structuredContent as { customers: { id: string }[]; blob: string };
    expect(structured.customers[0]?.id).toBe(big[0]?.id);
    expect(structured.blob.endsWith("…")).toBe(true);
    expect(structured).toMatchObject({ truncated: true });
  });

  it("fits strings that are mostly escapes (their JSON is several times their length)", () => {
    const data = {
      quotes: '"'.repeat(60_000),
      controls: "\u0001".repeat(30_000),
      people: items(30),
    };
    const result = fitToBudget(data, 20_000);
    expect(size(result.data)).toBeLessThanOrEqual(20_000);
    expect(result.data.people).toEqual(items(30));
  });

  it("lists the first cuts and counts the rest, so the note itself stays small", () => {
    const data = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`field${i}`, "v".repeat(2_000)]),
    );
    const result = renderResult(data, "Many fields.", new SecretRegistry());
    const text = (result.content[0] as { text: string }).text;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(25 * 1024);
    expect(text).toMatch(/\d+ more cut likewise/);
  });

  it("measures JSON sizes exactly as JSON.stringify writes them", () => {
    for (const text of [
      "",
      "plain",
      'q"uote\\',
      "ctl\u0001\n\t",
      "ä€😀",
      "lone\uD800x",
      "\u2028",
    ]) {
      expect(jsonStringBytes(text)).toBe(Buffer.byteLength(JSON.stringify(text)));
    }
    const cut = prefixWithin("a😀b", 4);
    expect(cut).toEqual({ text: "a", bytes: 1 });
  });
});
