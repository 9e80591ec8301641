import { randomBytes } from "node:crypto";
import type { SandboxClock } from "./clock.js";

interface RefreshGrant {
  clientId: string;
  expiresAtMs: number;
}

export interface AccessGrant {
  clientId: string;
  organizationId: string;
  expiresAtMs: number;
}

export type AccessCheck =
  | { ok: true; grant: AccessGrant }
  | { ok: false; reason: "unknown" | "expired" | "wrong_organization" };

// Expired grants are only swept once the maps grow, so a long-running standalone sandbox stays bounded.
const SWEEP_THRESHOLD = 1000;

/**
 * Opaque random tokens with recognisable prefixes, so that tests can scan logs and records for leaks.
 * Revocation forgets the tokens: a revoked token is indistinguishable from one never issued.
 */
export class TokenStore {
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly accessTokens = new Map<string, AccessGrant>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly accessTtlSec: number,
    private readonly refreshTtlSec: number,
  ) {}

  issueRefreshToken(clientId: string): { token: string; expiresIn: number } {
    this.sweep(this.refreshTokens);
    const token = `sbxr_${randomBytes(32).toString("base64url")}`;
    this.refreshTokens.set(token, {
      clientId,
      expiresAtMs: this.clock.now() + this.refreshTtlSec * 1000,
    });
    return { token, expiresIn: this.refreshTtlSec };
  }

  issueAccessToken(clientId: string, organizationId: string): { token: string; expiresIn: number } {
    this.sweep(this.accessTokens);
    const token = `sbxa_${randomBytes(32).toString("base64url")}`;
    this.accessTokens.set(token, {
      clientId,
      organizationId,
      expiresAtMs: this.clock.now() + this.accessTtlSec * 1000,
    });
    return { token, expiresIn: this.accessTtlSec };
  }

  /** The client a live refresh token was issued to, or undefined. */
  refreshTokenOwner(token: string): string | undefined {
    const grant = this.refreshTokens.get(token);
    if (grant === undefined || this.clock.now() >= grant.expiresAtMs) {
      return undefined;
    }
    return grant.clientId;
  }

  checkAccessToken(token: string, organizationId: string): AccessCheck {
    const grant = this.accessTokens.get(token);
    if (grant === undefined) {
      return { ok: false, reason: "unknown" };
    }
    if (this.clock.now() >= grant.expiresAtMs) {
      return { ok: false, reason: "expired" };
    }
    if (grant.organizationId !== organizationId) {
      return { ok: false, reason: "wrong_organization" };
    }
    return { ok: true, grant };
  }

  revokeAccessTokens(): void {
    this.accessTokens.clear();
  }

  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  private sweep(tokens: Map<string, { expiresAtMs: number }>): void {
    if (tokens.size < SWEEP_THRESHOLD) {
      return;
    }
    const now = this.clock.now();
    for (const [token, grant] of tokens) {
      if (now >= grant.expiresAtMs) {
        tokens.delete(token);
      }
    }
  }
}
