/** What find_free_slots showed for a slot id, so that book_appointment can find its booking later. */
export interface RememberedSlot {
  organizationId: string;
  serviceName: string;
  startMs: number;
  timeZone: string;
  /** The service and staff it was listed for: a refusal can then check whether the time is still free. */
  serviceId?: string;
  staffIds?: readonly string[];
}

interface Outcome {
  fingerprint: string;
  expiresMs: number;
  result: Promise<unknown>;
  settled: boolean;
}

export interface BookingMemoryOptions {
  /** How long a booking's result is returned for a repeat. */
  ttlMs?: number;
  maxOutcomes?: number;
  slotTtlMs?: number;
  maxSlots?: number;
  now?: () => number;
}

/**
 * Process-wide memory of bookings and listed slots, shared by every MCP session so that a
 * repeated book_appointment (same key, any session) gets the first result instead of a second
 * appointment. Bounded: the oldest entries go first.
 */
export class BookingMemory {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly slots = new Map<string, RememberedSlot & { expiresMs: number }>();
  private readonly ttlMs: number;
  private readonly maxOutcomes: number;
  private readonly slotTtlMs: number;
  private readonly maxSlots: number;
  private readonly now: () => number;

  constructor(options: BookingMemoryOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxOutcomes = options.maxOutcomes ?? 5_000;
    this.slotTtlMs = options.slotTtlMs ?? 30 * 60_000;
    this.maxSlots = options.maxSlots ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Runs `book` once per key within the TTL; a repeat (also while the first is in flight) gets
   * the first result. A failure is not remembered, so a later retry really retries.
   * Throws when the key was used for different arguments (`fingerprint`).
   */
  async once<T>(
    key: string,
    fingerprint: string,
    book: () => Promise<T>,
  ): Promise<{ result: T; repeated: boolean }> {
    const now = this.now();
    const existing = this.outcomes.get(key);
    if (existing && existing.expiresMs > now) {
      if (existing.fingerprint !== fingerprint) throw new KeyReusedError();
      return { result: (await existing.result) as T, repeated: true };
    }
    const result = book();
    const outcome: Outcome = { fingerprint, expiresMs: now + this.ttlMs, result, settled: false };
    this.outcomes.delete(key);
    this.outcomes.set(key, outcome);
    this.trim(this.outcomes, this.maxOutcomes);
    try {
      const value = await result;
      outcome.settled = true;
      return { result: value, repeated: false };
    } catch (error) {
      if (this.outcomes.get(key) === outcome) this.outcomes.delete(key);
      throw error;
    }
  }

  rememberSlot(id: string, slot: RememberedSlot): void {
    this.slots.delete(id);
    this.slots.set(id, { ...slot, expiresMs: this.now() + this.slotTtlMs });
    this.trim(this.slots, this.maxSlots);
  }

  slot(id: string): RememberedSlot | undefined {
    const slot = this.slots.get(id);
    return slot && slot.expiresMs > this.now() ? slot : undefined;
  }

  get size(): { outcomes: number; slots: number } {
    return { outcomes: this.outcomes.size, slots: this.slots.size };
  }

  private trim(map: Map<string, { expiresMs: number }>, max: number): void {
    if (map.size <= max) return;
    const now = this.now();
    for (const [key, entry] of map) {
      if (entry.expiresMs <= now) map.delete(key);
    }
    // Map iteration is insertion order: what remains over the bound is the oldest.
    for (const key of map.keys()) {
      if (map.size <= max) break;
      map.delete(key);
    }
  }
}

export class KeyReusedError extends Error {
  override name = "KeyReusedError";
}
