import { createHash } from "node:crypto";
import { type JWTPayload, jwtVerify } from "jose";
import type { Logger } from "../logger.js";
import { JwksCache } from "./jwks-cache.js";

/**
 * Asymmetric algorithms only: `none` never verifies in jose, and HS* is left out so that a
 * token "signed" with the issuer's public key as an HMAC secret is refused.
 */
export const ALLOWED_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];
/** Clocks of the issuer and this server may differ this much (exp, nbf, iat). */
export const CLOCK_SKEW_S = 30;
/** An unknown `kid` refetches the JWKS at most this often (key rotation, or a forged kid). */
export const JWKS_REFETCH_COOLDOWN_MS = 30_000;
/**
 * A token verified once is taken again for this long (never past its exp) without a second
 * signature check: a client sends the same token with every call. No longer than the JWKS is kept,
 * so it accepts nothing the key cache would not.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;
/** A failed discovery is retried by the next request after this long. */
const DISCOVERY_RETRY_MS = 5_000;

/** Who a valid access token speaks for. Never the token itself. */
export interface TokenIdentity {
  subject: string;
  clientId: string | undefined;
  scopes: ReadonlySet<string>;
  /** `groups` and `roles` claims (Keycloak, Entra ID app roles), for the policy file. */
  groups: readonly string[];
  /** A `bookingtime_organizations` claim, when the issuer adds one. */
  organizations: readonly string[] | undefined;
}

/** The token was not accepted; `reason` is for the log, never for the client (no oracle). */
export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}

/** The authorization server could not be reached or described itself wrongly. */
export class DiscoveryError extends Error {
  override name = "DiscoveryError";
}

export interface OAuthVerifierOptions {
  issuer: string;
  /** This server's /mcp URL: tokens must name it in `aud` (RFC 8707). */
  resource: string;
  logger: Logger;
  /** The clock for exp/nbf; tests move it. */
  now?: () => number;
}

/** RFC 8414 puts the well-known segment before the issuer's path; OpenID appends it. */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, "");
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
}

type KeySet = JwksCache["getKey"];
/** Keys are refetched after this long even without a rotation. */
const JWKS_MAX_AGE_MS = 10 * 60_000;

/**
 * Validates JWT access tokens from one issuer. Its metadata is discovered once; the JWKS is
 * cached and refetched for an unknown `kid` at most once per cooldown (src/http/jwks-cache.ts).
 */
export class OAuthVerifier {
  private keys: Promise<KeySet> | undefined;
  private failedAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  /** By the token's SHA-256: the tokens themselves are not kept. */
  private readonly verified = new Map<string, { identity: TokenIdentity; until: number }>();

  constructor(private readonly opts: OAuthVerifierOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Discovers the issuer now (at start), so that the first request does not wait for it. */
  warm(): void {
    this.keySet().catch(() => undefined);
  }

  private keySet(): Promise<KeySet> {
    if (this.keys) return this.keys;
    if (this.now() - this.failedAt < DISCOVERY_RETRY_MS) {
      return Promise.reject(
        new DiscoveryError("the authorization server was unreachable moments ago"),
      );
    }
    this.keys = this.discover().catch((error: unknown) => {
      this.keys = undefined;
      this.failedAt = this.now();
      this.opts.logger.error(
        { err: error, issuer: this.opts.issuer },
        "OAuth discovery failed; tokens cannot be checked until it succeeds",
      );
      throw error instanceof DiscoveryError ? error : new DiscoveryError(String(error));
    });
    return this.keys;
  }

  private async discover(): Promise<KeySet> {
    const problems: string[] = [];
    for (const url of discoveryUrls(this.opts.issuer)) {
      let metadata: { issuer?: unknown; jwks_uri?: unknown };
      try {
        const response = await fetch(url, {
          headers: { accept: "application/json" },
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) {
          problems.push(`${url}: HTTP ${response.status}`);
          continue;
        }
        metadata = (await response.json()) as typeof metadata;
      } catch (error) {
        problems.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      // RFC 8414 section 3.3: metadata for another issuer is not this issuer's.
      if (metadata.issuer !== this.opts.issuer) {
        throw new DiscoveryError(
          `${url} names issuer ${String(metadata.issuer)}, not ${this.opts.issuer}`,
        );
      }
      if (typeof metadata.jwks_uri !== "string" || !URL.canParse(metadata.jwks_uri)) {
        throw new DiscoveryError(`${url} has no jwks_uri`);
      }
      this.opts.logger.info({ issuer: this.opts.issuer, metadata: url }, "OAuth issuer discovered");
      return new JwksCache(metadata.jwks_uri, this.now, JWKS_REFETCH_COOLDOWN_MS, JWKS_MAX_AGE_MS)
        .getKey;
    }
    throw new DiscoveryError(`no authorization server metadata found (${problems.join("; ")})`);
  }

  /** The identity in a valid token; InvalidTokenError otherwise, DiscoveryError if it cannot tell. */
  async verify(token: string): Promise<TokenIdentity> {
    const digest = createHash("sha256").update(token).digest("base64url");
    const known = this.verified.get(digest);
    if (known && this.now() < known.until) return known.identity;
    if (known) this.verified.delete(digest);
    const keys = await this.keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.opts.issuer,
        audience: this.opts.resource,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_S,
        currentDate: new Date(this.now()),
        requiredClaims: ["exp", "sub"],
      }));
    } catch (error) {
      const code = (error as { code?: string }).code ?? "ERR_JWT_INVALID";
      throw new InvalidTokenError(code);
    }
    const identity = identityOf(payload);
    if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
    const expires = (payload.exp as number) * 1000 + CLOCK_SKEW_S * 1000;
    this.verified.set(digest, {
      identity,
      until: Math.min(expires, this.now() + VERIFIED_TTL_MS),
    });
    return identity;
  }
}

function stringList(value: unknown): string[] {
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

function identityOf(payload: JWTPayload): TokenIdentity {
  // `scope` (RFC 9068), `scp` (Entra ID, Okta) as a string or a list.
  const scopes = new Set([...stringList(payload.scope), ...stringList(payload.scp)]);
  const clientId = [payload.client_id, payload.azp, payload.appid].find(
    (v): v is string => typeof v === "string",
  );
  return {
    subject: String(payload.sub),
    clientId,
    scopes,
    groups: [...stringList(payload.groups), ...stringList(payload.roles)],
    organizations:
      payload.bookingtime_organizations === undefined
        ? undefined
        : stringList(payload.bookingtime_organizations),
  };
}
