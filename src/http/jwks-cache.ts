import {
  createLocalJWKSet,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from "jose";

type LocalKeys = ReturnType<typeof createLocalJWKSet>;

/**
 * The issuer's signing keys, fetched once and kept for `maxAgeMs`. A token whose `kid` is not
 * among them refetches the set (the issuer rotated its key), but at most once per `cooldownMs`:
 * tokens with made-up kids cannot make this server hammer the issuer.
 */
export class JwksCache {
  private local: LocalKeys | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly now: () => number,
    private readonly cooldownMs: number,
    private readonly maxAgeMs: number,
  ) {}

  /** For jose's jwtVerify. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (!this.local || this.now() - this.fetchedAt > this.maxAgeMs) await this.reload();
    try {
      return await (this.local as LocalKeys)(header, token);
    } catch (error) {
      const unknownKid = (error as { code?: string }).code === "ERR_JWKS_NO_MATCHING_KEY";
      if (!unknownKid || this.now() - this.fetchedAt < this.cooldownMs) throw error;
      await this.reload();
      return (this.local as LocalKeys)(header, token);
    }
  };

  private reload(): Promise<void> {
    // Concurrent requests with the new kid share one fetch.
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<void> {
    // Counted as an attempt even when it fails: a down issuer is not retried on every token.
    this.fetchedAt = this.now();
    const response = await fetch(this.url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`JWKS ${this.url}: HTTP ${response.status}`);
    const set = (await response.json()) as JSONWebKeySet;
    if (!Array.isArray(set?.keys)) throw new Error(`JWKS ${this.url}: no keys`);
    this.local = createLocalJWKSet(set);
  }
}
