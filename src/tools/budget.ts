/**
 * Keeps a tool result within what a model's context can take. Over the budget, the largest
 * arrays are cut (whole items, from the end) and, failing that, the longest strings; the result
 * says what was cut so the model can ask for the rest (a later page, a narrower range).
 */

export const RESULT_BUDGET_BYTES = 25 * 1024;

export interface Cut {
  /** Where in the result, e.g. `customers` or `organization.openingHours`. */
  path: string;
  kept: number;
  total: number;
  unit: "items" | "characters";
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

interface Slot {
  parent: Container;
  key: string | number;
  path: string;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Room left for the `truncated`/`truncation` fields themselves. */
const NOTE_RESERVE = 600;

function slots(value: Json, path: string, out: Slot[]): Slot[] {
  if (value === null || typeof value !== "object") return out;
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    out.push({ parent: value, key, path: childPath });
    slots(child, childPath, out);
  }
  return out;
}

const get = (s: Slot) => (s.parent as Record<string | number, Json>)[s.key] as Json;
const set = (s: Slot, v: Json) => {
  (s.parent as Record<string | number, Json>)[s.key] = v;
};

/** The largest array or string (by JSON size) that can still be cut, preferring arrays. */
function biggest(root: Json): Slot | undefined {
  const all = slots(root, "", []);
  const pick = (ok: (v: Json) => boolean) =>
    all
      .filter((s) => ok(get(s)))
      .reduce<Slot | undefined>((a, s) => (a && bytes(get(a)) >= bytes(get(s)) ? a : s), undefined);
  return (
    pick((v) => Array.isArray(v) && v.length > 0) ??
    pick((v) => typeof v === "string" && v.length > 1)
  );
}

/** Largest n in [0, max) for which `fits(n)`, given fits(0); binary search. */
function largestFitting(max: number, fits: (n: number) => boolean): number {
  let lo = 0;
  let hi = max - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function fitToBudget(
  data: Record<string, unknown>,
  maxBytes: number = RESULT_BUDGET_BYTES,
): { data: Record<string, unknown>; cuts: Cut[] } {
  if (bytes(data) <= maxBytes) return { data, cuts: [] };
  const root = structuredClone(data) as { [key: string]: Json };
  const limit = Math.max(0, maxBytes - NOTE_RESERVE);
  const cuts: Cut[] = [];
  for (let slot = biggest(root); slot && bytes(root) > limit; slot = biggest(root)) {
    const value = get(slot);
    if (Array.isArray(value)) {
      const kept = largestFitting(value.length, (n) => {
        set(slot, value.slice(0, n));
        return bytes(root) <= limit;
      });
      set(slot, value.slice(0, kept));
      cuts.push({ path: slot.path, kept, total: value.length, unit: "items" });
    } else if (typeof value === "string") {
      const chars = [...value];
      const kept = largestFitting(chars.length, (n) => {
        set(slot, `${chars.slice(0, n).join("")}…`);
        return bytes(root) <= limit;
      });
      set(slot, `${chars.slice(0, kept).join("")}…`);
      cuts.push({ path: slot.path, kept, total: chars.length, unit: "characters" });
    }
  }
  return { data: root, cuts };
}

/** One sentence for the model: what was left out and how to get it. */
export function describeCuts(cuts: readonly Cut[], maxBytes: number = RESULT_BUDGET_BYTES): string {
  const parts = cuts.map((c) => `${c.path}: ${c.kept} of ${c.total} ${c.unit} kept`);
  return (
    `Result cut to fit ${Math.round(maxBytes / 1024)} KB (${parts.join("; ")}). ` +
    "To see the rest, ask for less at once: the next page, a shorter date range or a more specific query."
  );
}
