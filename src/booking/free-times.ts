import type { BookingSlot, BookingTemplate } from "../bookingtime/schemas.js";
import { formatDate, localDateOf, offsetMinutes } from "../bookingtime/time.js";

export type Staff = { id: string; name?: string };

/** A free start: its instant and the staff combinations that can take it (one per slot). */
export interface FreeStart {
  startMs: number;
  slots: BookingSlot[];
}

/** The staff who perform this service, as its booking template names them, in its order. */
export function staffOf(template: BookingTemplate): Map<string, Staff> {
  const staff = new Map<string, Staff>();
  for (const step of template.bookingStepList ?? []) {
    for (const r of step.bookingResourceList ?? []) {
      staff.set(r.id, r.name ? { id: r.id, name: r.name } : { id: r.id });
    }
  }
  return staff;
}

const letters = (s: string) => s.normalize("NFKD").replace(/[^A-Za-z0-9 ]/g, "");

/**
 * A short key per person ("J" for Jonas Weber), derived from the template alone so that
 * find_free_slots and book_appointment agree on it without remembering anything. Tried in
 * order: first initial, all initials, first word; then "S" + position.
 */
export function staffKeys(staff: Map<string, Staff>): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Set<string>();
  let n = 0;
  for (const person of staff.values()) {
    n += 1;
    const words = letters(person.name ?? "")
      .split(/\s+/)
      .filter(Boolean);
    const candidates = [words[0]?.[0], words.map((w) => w[0]).join(""), words[0], `S${n}`].map(
      (c) => c?.toUpperCase(),
    );
    const key = candidates.find((c) => c && !used.has(c)) ?? `${person.id}`;
    used.add(key);
    keys.set(person.id, key);
  }
  return keys;
}

/** The staff id a key (case-insensitive) or an id names, if the service has such staff. */
export function staffIdFor(
  wanted: string,
  staff: Map<string, Staff>,
  keys: Map<string, string>,
): string | undefined {
  if (staff.has(wanted)) return wanted;
  const upper = wanted.toUpperCase();
  for (const [id, key] of keys) if (key === upper) return id;
  return undefined;
}

/** "J", or "J+M" for a slot that needs both. Staff the template does not name get "S" + n. */
function comboKey(slot: BookingSlot, keys: Map<string, string>): string {
  const taken = new Set(keys.values());
  return (slot.bookingResourceCombination ?? [])
    .map((id) => {
      let key = keys.get(id);
      for (let n = keys.size + 1; key === undefined; n++) {
        if (!taken.has(`S${n}`)) key = `S${n}`;
      }
      keys.set(id, key);
      return key;
    })
    .join("+");
}

const hhmm = (timeZone: string, ms: number) => {
  const minutes = Math.round(ms / 60_000) + offsetMinutes(timeZone, ms);
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

export interface CompactTimes {
  /** Key → person, only those who appear. */
  staff: Record<string, Staff>;
  /** Per local day, "09:00 J M": the start and who is free (one key per bookable combination). */
  days: Array<{ date: string; times: string[] }>;
}

/** Start times grouped by local day, each with the keys of who is free: a few bytes per start. */
export function compactTimes(
  starts: readonly FreeStart[],
  timeZone: string,
  staff: Map<string, Staff>,
  keys: Map<string, string>,
): CompactTimes {
  const days: CompactTimes["days"] = [];
  const named: Record<string, Staff> = {};
  // Keys for staff the template does not name are added per result, not to the caller's map.
  const own = new Map(keys);
  for (const { startMs, slots } of starts) {
    const date = formatDate(localDateOf(timeZone, startMs));
    let day = days[days.length - 1];
    if (day?.date !== date) {
      day = { date, times: [] };
      days.push(day);
    }
    const combos = [...new Set(slots.map((s) => comboKey(s, own)))].sort();
    for (const s of slots) {
      for (const id of s.bookingResourceCombination ?? []) {
        const key = own.get(id);
        if (key) named[key] = staff.get(id) ?? { id };
      }
    }
    day.times.push([hhmm(timeZone, startMs), ...combos].join(" ").trim());
  }
  return { staff: named, days };
}

/**
 * The free starts nearest to `wantedMs`, same day first: up to `each` before and `each` after
 * on that day, then the earliest after it on later days when the day has too few after.
 */
export function nearestStarts(
  starts: readonly FreeStart[],
  wantedMs: number,
  timeZone: string,
  each = 3,
): FreeStart[] {
  const day = formatDate(localDateOf(timeZone, wantedMs));
  // Lists of overlapping ranges may name a start twice: one entry per start, slots merged.
  const byStart = new Map<number, FreeStart>();
  for (const s of starts) {
    const seen = byStart.get(s.startMs);
    byStart.set(s.startMs, seen ? { startMs: s.startMs, slots: [...seen.slots, ...s.slots] } : s);
  }
  const sorted = [...byStart.values()].sort((a, b) => a.startMs - b.startMs);
  const sameDay = sorted.filter((s) => formatDate(localDateOf(timeZone, s.startMs)) === day);
  const before = sameDay.filter((s) => s.startMs < wantedMs).slice(-each);
  const after = sameDay.filter((s) => s.startMs > wantedMs).slice(0, each);
  const later = sorted
    .filter((s) => s.startMs > wantedMs && !sameDay.includes(s))
    .slice(0, Math.max(0, each - after.length));
  return [...before, ...after, ...later];
}
