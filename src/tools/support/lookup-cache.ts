/**
 * Short-lived answers to the lookups completions make while a person types (the app's
 * organizations, an organization's services, staff and locations): one bookingtime request per
 * key and TTL instead of one per keystroke. Owned by the runtime (shared by every session of
 * the process), never a module singleton. Failures are not kept: the next keystroke asks again.
 */
export class LookupCache {
  private readonly entries = new Map<string, { value: Promise<unknown>; until: number }>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 500,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() < hit.until) return hit.value as Promise<T>;
    if (hit) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const value = load();
    const entry = { value, until: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}
