import type { GrantState } from "../auth/token-service.js";
import type { Logger } from "../logger.js";

/**
 * Whether the process can reach bookingtime; only a token grant proves the credentials work,
 * and only the last one counts (credentials revoked after start make the process unready).
 */
export interface Readiness {
  readonly grantState: GrantState;
  ensureGrant(): Promise<void>;
}

/** The fewest milliseconds between two grant attempts, and the most after repeated failures. */
export const GRANT_RETRY_MS = 10_000;
export const GRANT_RETRY_MAX_MS = 160_000;

/**
 * /readyz is unauthenticated, so a probe must not turn into a token request each time: anyone
 * reaching the port could otherwise make bookingtime see a flood of grants from our app. At most
 * one attempt per GRANT_RETRY_MS, doubling after each failure; in between, the cached state answers.
 */
export class ReadinessProbe {
  private nextAttemptAt = 0;
  private failures = 0;
  private running = false;

  constructor(
    private readonly readiness: Readiness,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get ready(): boolean {
    return this.readiness.grantState === "granted";
  }

  /** bookingtime refused the app's credentials at the last grant. */
  get refused(): boolean {
    return this.readiness.grantState === "refused";
  }

  /** Starts a grant attempt if none is running and the retry interval has passed. */
  poke(): void {
    if (this.ready || this.running || this.now() < this.nextAttemptAt) return;
    this.running = true;
    this.readiness
      .ensureGrant()
      .then(
        () => {
          if (this.failures > 0) this.logger.info("token grant for readiness succeeded again");
          this.failures = 0;
        },
        (error: unknown) => {
          this.failures++;
          // One warning per failure streak: probes every few seconds must not flood the log.
          if (this.failures === 1) {
            this.logger.warn({ err: error }, "token grant for readiness failed");
          } else {
            this.logger.debug({ err: error, failures: this.failures }, "token grant still failing");
          }
        },
      )
      .finally(() => {
        this.running = false;
        const backoff = GRANT_RETRY_MS * 2 ** Math.max(0, this.failures - 1);
        this.nextAttemptAt = this.now() + Math.min(backoff, GRANT_RETRY_MAX_MS);
      });
  }
}
