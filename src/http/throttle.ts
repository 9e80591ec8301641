/** Wrong-token attempts allowed per client address within one window. */
export const MAX_AUTH_FAILURES = 10;
export const AUTH_WINDOW_MS = 60_000;
/** Addresses remembered at most; the oldest entry goes first. */
export const MAX_TRACKED_ADDRESSES = 10_000;

interface Entry {
  failures: number;
  resetAt: number;
}

/**
 * Slows down token guessing: after MAX_AUTH_FAILURES wrong tokens from one address within the
 * window, that address gets 429 until the window ends, whatever token it sends (answering a
 * right token would tell a guesser it found one). Memory is bounded by MAX_TRACKED_ADDRESSES.
 */
export class AuthThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxFailures = MAX_AUTH_FAILURES,
    private readonly windowMs = AUTH_WINDOW_MS,
    private readonly maxAddresses = MAX_TRACKED_ADDRESSES,
  ) {}

  /** Milliseconds this address must wait, or 0 when it may try. */
  waitMs(address: string): number {
    const entry = this.entries.get(address);
    if (!entry) return 0;
    const left = entry.resetAt - this.now();
    if (left <= 0) {
      this.entries.delete(address);
      return 0;
    }
    return entry.failures >= this.maxFailures ? left : 0;
  }

  failed(address: string): void {
    const now = this.now();
    const entry = this.entries.get(address);
    if (entry && entry.resetAt > now) {
      entry.failures++;
      return;
    }
    this.entries.delete(address);
    if (this.entries.size >= this.maxAddresses) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(address, { failures: 1, resetAt: now + this.windowMs });
  }

  succeeded(address: string): void {
    this.entries.delete(address);
  }

  get tracked(): number {
    return this.entries.size;
  }
}
