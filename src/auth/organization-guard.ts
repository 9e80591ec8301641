import { BookingtimeError, OrganizationAccessError } from "../upstream/errors.js";

/** Token requests for an organization were refused locally, to spare bookingtime's auth server. */
export class TokenRequestsLimitedError extends BookingtimeError {
  readonly kind = "token_requests_limited";
}

export interface OrganizationGuardOptions {
  /** How long a refused organization is answered from memory. */
  refusedTtlMs?: number;
  /** Token exchanges per organization per window. */
  perOrganization?: number;
  /** Token exchanges per window for all organizations never granted in this process together. */
  unproven?: number;
  windowMs?: number;
}

interface Window {
  start: number;
  count: number;
}

const MAX_TRACKED = 1_000;

/**
 * Keeps a model that loops over bad organization ids from hammering bookingtime's token
 * endpoint: refusals are remembered for a while, exchanges are counted per organization, and
 * organizations that never succeeded share one small budget (a stream of made-up ids would
 * otherwise get a fresh budget each; each may cost an exchange, a re-grant and an exchange).
 * Bounded maps: the oldest entries go first.
 */
export class OrganizationGuard {
  private readonly refusedUntil = new Map<string, { until: number; status?: number }>();
  private readonly windows = new Map<string, Window>();
  private readonly proven = new Set<string>();
  private unprovenWindow: Window = { start: -Infinity, count: 0 };
  private readonly opts: Required<OrganizationGuardOptions>;

  constructor(
    private readonly now: () => number,
    options: OrganizationGuardOptions = {},
  ) {
    this.opts = {
      refusedTtlMs: 60_000,
      perOrganization: 20,
      unproven: 30,
      windowMs: 60_000,
      ...options,
    };
  }

  /** Throws the remembered refusal (the same typed error and message), or a limit error. */
  beforeExchange(organizationId: string): void {
    const now = this.now();
    const refused = this.refusedUntil.get(organizationId);
    if (refused && now < refused.until) {
      throw new OrganizationAccessError(
        organizationId,
        refused.status === undefined ? {} : { status: refused.status },
      );
    }
    if (refused) this.refusedUntil.delete(organizationId);
    const window = this.windowFor(organizationId, now);
    if (window.count >= this.opts.perOrganization) throw this.limited(organizationId, window, now);
    if (!this.proven.has(organizationId)) {
      if (now - this.unprovenWindow.start >= this.opts.windowMs) {
        this.unprovenWindow = { start: now, count: 0 };
      }
      if (this.unprovenWindow.count >= this.opts.unproven) {
        throw this.limited(organizationId, this.unprovenWindow, now);
      }
      this.unprovenWindow.count++;
    }
    window.count++;
  }

  succeeded(organizationId: string): void {
    if (this.proven.size >= MAX_TRACKED) this.proven.clear();
    this.proven.add(organizationId);
  }

  refused(error: OrganizationAccessError): void {
    trim(this.refusedUntil);
    this.refusedUntil.set(error.organizationId, {
      until: this.now() + this.opts.refusedTtlMs,
      ...(error.status === undefined ? {} : { status: error.status }),
    });
  }

  private windowFor(organizationId: string, now: number): Window {
    let window = this.windows.get(organizationId);
    if (!window || now - window.start >= this.opts.windowMs) {
      if (!window) trim(this.windows);
      window = { start: now, count: 0 };
      this.windows.set(organizationId, window);
    }
    return window;
  }

  private limited(organizationId: string, window: Window, now: number): TokenRequestsLimitedError {
    const seconds = Math.max(1, Math.ceil((window.start + this.opts.windowMs - now) / 1000));
    return new TokenRequestsLimitedError(
      `Too many token requests for organization ${organizationId} (or for organizations not used before) in the last minute; nothing was sent to bookingtime.`,
      {
        code: "token_requests_limited",
        retryAfterMs: seconds * 1000,
      },
    );
  }
}

function trim(map: Map<string, unknown>): void {
  if (map.size < MAX_TRACKED) return;
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}
