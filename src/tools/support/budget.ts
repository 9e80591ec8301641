/**
 * Keeps a tool result within what a model's context can take. Over the budget, long strings are
 * shortened first (the longest down to a common length), then lists lose items from the end
 * (the head is kept), largest list first; the result says what was cut so the model can ask for
 * the rest. Sizes are computed once per pass from the tree, never by re-serialising it: a 10 MB
 * result costs a few linear passes, not one serialisation per attempt.
 */
import { jsonBytes, jsonStringBytes, prefixWithin } from "./json-size.js";

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

/** Where a value sits; paths are built only for what is reported. */
interface Place {
  container: Container;
  key: string | number;
  up: Place | undefined;
}

interface Sized {
  place: Place;
  bytes: number;
}

interface SizedArray extends Sized {
  items: number[];
}

/** A cut and where it was made: a string cut inside a list item dropped later is not reported. */
type Made = Cut & { place: Place };

/** Room left for the `truncated`/`truncation` fields themselves. */
const NOTE_RESERVE = 600;
/** Strings up to this size (JSON bytes) are left whole while lists can still give room. */
const STRING_FLOOR = 256;
/** The last resort when no list is left: every string down to this size. */
const STRING_MINIMUM = 24;
/** Cuts listed one by one; the rest are counted. */
export const MAX_LISTED_CUTS = 5;

function pathOf(place: Place | undefined): string {
  const keys: (string | number)[] = [];
  for (let p = place; p; p = p.up) keys.push(p.key);
  let out = "";
  for (const key of keys.reverse()) {
    out += typeof key === "number" ? `[${key}]` : out ? `.${key}` : key;
  }
  return out;
}

/** Longer strings are sized without their escapes on the first pass (see fitToBudget). */
const ESTIMATE_FROM = 1024;

/**
 * One pass: the JSON size of every node, and the strings and non-empty arrays with their places.
 * With `estimate`, long strings count as if nothing in them were escaped: a lower bound, found
 * without scanning them for escapes.
 */
function measure(root: { [key: string]: Json }, estimate = false) {
  const strings: Sized[] = [];
  const arrays: SizedArray[] = [];
  const visit = (value: Json, place: Place | undefined): number => {
    if (typeof value === "string") {
      const bytes =
        estimate && value.length > ESTIMATE_FROM
          ? 2 + Buffer.byteLength(value, "utf8")
          : jsonStringBytes(value);
      if (place) strings.push({ place, bytes });
      return bytes;
    }
    if (value === null || typeof value !== "object") return jsonBytes(value);
    if (Array.isArray(value)) {
      const items = value.map((item, key) => visit(item, { container: value, key, up: place }));
      const bytes = 2 + Math.max(0, items.length - 1) + items.reduce((a, b) => a + b, 0);
      if (place && items.length > 0) arrays.push({ place, bytes, items });
      return bytes;
    }
    let bytes = 2;
    let first = true;
    for (const [key, child] of Object.entries(value)) {
      bytes += (first ? 0 : 1) + jsonStringBytes(key) + 1;
      bytes += visit(child, { container: value, key, up: place });
      first = false;
    }
    return bytes;
  };
  const total = visit(root, undefined);
  return { total, strings, arrays };
}

const get = (p: Place) => (p.container as Record<string | number, Json>)[p.key] as Json;
const set = (p: Place, v: Json) => {
  (p.container as Record<string | number, Json>)[p.key] = v;
};

/** The largest common size C (>= floor) such that cutting every longer string to C frees `excess`. */
function waterLevel(sizes: readonly number[], excess: number, floor: number): number {
  let prefix = 0;
  for (let j = 0; j < sizes.length; j++) {
    prefix += sizes[j] as number;
    const next = sizes[j + 1] ?? floor;
    const level = Math.floor((prefix - excess) / (j + 1));
    if (level >= Math.max(next, floor)) return level;
  }
  return floor;
}

/** Shortens the longest strings to a common length; returns the bytes saved. */
function cutStrings(strings: Sized[], excess: number, floor: number, cuts: Made[]): number {
  const long = strings.filter((s) => s.bytes > floor).sort((a, b) => b.bytes - a.bytes);
  if (long.length === 0) return 0;
  const level = waterLevel(
    long.map((s) => s.bytes),
    excess,
    floor,
  );
  let saved = 0;
  for (const s of long) {
    if (s.bytes <= level) break;
    const value = get(s.place) as string;
    // The quotes and the ellipsis ("…" is 3 bytes) count against the level.
    const { text, bytes } = prefixWithin(value, level - 5);
    set(s.place, `${text}…`);
    saved += s.bytes - (bytes + 5);
    cuts.push({
      place: s.place,
      path: "",
      kept: codePoints(text),
      total: codePoints(value),
      unit: "characters",
    });
  }
  return saved;
}

function codePoints(text: string): number {
  let n = text.length;
  for (const _ of text.matchAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)) n--;
  return n;
}

/** Whether a place is still in the result: none of its ancestors was dropped with a list item. */
function alive(place: Place, dropped: ReadonlySet<unknown>): boolean {
  for (let p: Place | undefined = place; p; p = p.up) {
    if (dropped.has(get(p))) return false;
  }
  return true;
}

/** Keeps the head of the largest lists; returns the bytes saved. */
function cutArrays(
  arrays: SizedArray[],
  excess: number,
  cuts: Made[],
  dropped: Set<unknown>,
): number {
  let saved = 0;
  for (const a of [...arrays].sort((x, y) => y.bytes - x.bytes)) {
    if (saved >= excess) break;
    if (!alive(a.place, dropped)) continue;
    const value = get(a.place) as Json[];
    const allowed = a.bytes - (excess - saved);
    let kept = 0;
    let size = 2;
    for (const item of a.items) {
      const next = size + item + (kept > 0 ? 1 : 0);
      if (next > allowed) break;
      size = next;
      kept++;
    }
    for (const item of value.slice(kept))
      if (item !== null && typeof item === "object") dropped.add(item);
    set(a.place, value.slice(0, kept));
    saved += a.bytes - size;
    cuts.push({ place: a.place, path: "", kept, total: value.length, unit: "items" });
  }
  return saved;
}

export function fitToBudget(
  data: Record<string, unknown>,
  maxBytes: number = RESULT_BUDGET_BYTES,
  /** The caller's serialisation of `data`, when it has one: saves a pass. */
  json: string = JSON.stringify(data),
): { data: Record<string, unknown>; cuts: Cut[] } {
  if (Buffer.byteLength(json) <= maxBytes) return { data, cuts: [] };
  // A plain-JSON copy: no undefined fields or toJSON to account for, and the caller's data stays.
  const root = JSON.parse(json) as { [key: string]: Json };
  const limit = Math.max(0, maxBytes - NOTE_RESERVE);
  const cuts: Made[] = [];
  const dropped = new Set<unknown>();
  // Long strings are sized from below here, and the excess is exact, so what the cut saves is
  // at least what it counts: `total` is an upper bound, and exact again after a re-measure.
  const exact = Buffer.byteLength(json);
  let m = measure(root, true);
  let total = exact - cutStrings(m.strings, exact - limit, STRING_FLOOR, cuts);
  if (total > limit) {
    m = measure(root);
    total = m.total;
  }
  if (total > limit) total -= cutArrays(m.arrays, total - limit, cuts, dropped);
  if (total > limit) {
    m = measure(root);
    cutStrings(m.strings, m.total - limit, STRING_MINIMUM, cuts);
  }
  const reported = cuts
    .filter((c) => alive(c.place, dropped))
    .map(({ place, ...cut }) => ({ ...cut, path: pathOf(place) }));
  return { data: root, cuts: reported };
}

/** One sentence for the model: what was left out and how to get it. */
export function describeCuts(cuts: readonly Cut[], maxBytes: number = RESULT_BUDGET_BYTES): string {
  const parts = cuts
    .slice(0, MAX_LISTED_CUTS)
    .map((c) => `${c.path.slice(0, 80)}: ${c.kept} of ${c.total} ${c.unit} kept`);
  const more = cuts.length - MAX_LISTED_CUTS;
  if (more > 0) parts.push(`${more} more cut likewise`);
  return (
    `Result cut to fit ${Math.round(maxBytes / 1024)} KB (${parts.join("; ")}). ` +
    "To see the rest, ask for less at once: the next page, a shorter date range or a more specific query."
  );
}
