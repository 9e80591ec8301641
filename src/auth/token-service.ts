import { z } from "zod";
import type { Logger } from "../logger.js";
import type { SecretRegistry } from "../secrets.js";
import { type AccessTokenProvider, APP_LEVEL } from "../upstream/auth-hook.js";
import { reportEvent } from "../upstream/call-scope.js";
import { AuthError, OrganizationAccessError } from "../upstream/errors.js";
import type { Upstream } from "../upstream/http.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../upstream/retry.js";
import { OrganizationGuard, type OrganizationGuardOptions } from "./organization-guard.js";
import { oauthError, parseTokenBody, TokenEndpoint } from "./token-endpoint.js";

export interface TokenServiceOptions {
  authUrl: string;
  clientId: string;
  clientSecret: string;
  dispatcher: Upstream;
  timeoutMs: number;
  logger: Logger;
  /** The process's live secrets: each token obtained joins it, so no log line or result shows it. */
  secrets: SecretRegistry;
  retry?: RetryPolicy;
  now?: () => number;
  /** Limits on token requests for refused or unknown organizations (defaults: see the guard). */
  guard?: OrganizationGuardOptions;
}

/** No grant tried yet (or none finished), the last one succeeded, or bookingtime refused it. */
export type GrantState = "none" | "granted" | "refused";

interface CachedToken {
  token: string;
  /** When we stop using it: expiry minus a safety margin. */
  renewAt: number;
}

const DEFAULT_REFRESH_TTL_S = 2_592_000;
const DEFAULT_ACCESS_TTL_S = 300;

// expires_in arrives as a number or as a numeric string depending on the endpoint.
const expiresIn = z.coerce.number().positive().optional();
const refreshResponse = z.object({ refresh_token: z.string().min(1), expires_in: expiresIn });
const accessResponse = z.object({ access_token: z.string().min(1), expires_in: expiresIn });

/** Margin before expiry: 60 s, or a fifth of the lifetime when that is shorter. */
export function renewAt(obtainedAt: number, lifetimeS: number): number {
  const marginS = Math.min(60, lifetimeS / 5);
  return obtainedAt + (lifetimeS - marginS) * 1000;
}

/** The app-level token was refused: no organization is to blame, the app (or its id) is. */
function appLevelRefused(status: number | undefined): AuthError {
  return new AuthError(
    `bookingtime refused an app-level access token (the kind its app organization list needs)${status ? ` (${status})` : ""}.`,
    { status, code: "app_refused" },
  );
}

/** The refresh token was refused (invalid_grant, 400/401): a new grant may fix it. */
class RefreshRejected extends Error {}

/**
 * One per process. Holds the app's refresh token and a short-lived access token per
 * organization; concurrent callers share one grant and one exchange per organization.
 */
export class TokenService implements AccessTokenProvider {
  readonly stats = { grants: 0, exchanges: 0 };
  private refresh: CachedToken | undefined;
  private lastGrant: GrantState = "none";
  private grantInFlight: Promise<CachedToken> | undefined;
  private readonly access = new Map<string, CachedToken>();
  private readonly exchangesInFlight = new Map<string, Promise<CachedToken>>();
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly guard: OrganizationGuard;
  private readonly endpoint: TokenEndpoint;

  constructor(private readonly opts: TokenServiceOptions) {
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.now = opts.now ?? Date.now;
    this.guard = new OrganizationGuard(() => this.now(), opts.guard);
    this.endpoint = new TokenEndpoint({
      authUrl: opts.authUrl,
      dispatcher: opts.dispatcher,
      timeoutMs: opts.timeoutMs,
      logger: opts.logger,
      retry: this.retry,
    });
  }

  async getAccessToken(organizationId: string): Promise<string> {
    const cached = this.access.get(organizationId);
    if (cached && this.now() < cached.renewAt) return cached.token;
    let pending = this.exchangesInFlight.get(organizationId);
    if (!pending) {
      pending = this.exchange(organizationId).finally(() =>
        this.exchangesInFlight.delete(organizationId),
      );
      this.exchangesInFlight.set(organizationId, pending);
    }
    return (await pending).token;
  }

  /** Compare-and-delete: a token fetched by someone else in the meantime survives. */
  invalidate(organizationId: string, token: string): void {
    if (this.access.get(organizationId)?.token === token) this.access.delete(organizationId);
  }

  /** The last grant's outcome (for readiness): credentials revoked since start show as "refused". */
  get grantState(): GrantState {
    return this.lastGrant;
  }

  /** Obtains the app's refresh token now (shared with any grant in flight), e.g. for readiness. */
  async ensureGrant(): Promise<void> {
    await this.refreshToken();
  }

  private async exchange(organizationId: string): Promise<CachedToken> {
    this.guard.beforeExchange(organizationId);
    try {
      const token = await this.exchangeOnce(organizationId);
      this.guard.succeeded(organizationId);
      return token;
    } catch (error) {
      if (error instanceof OrganizationAccessError) this.guard.refused(error);
      throw error;
    }
  }

  private async exchangeOnce(organizationId: string): Promise<CachedToken> {
    const refresh = await this.refreshToken();
    try {
      return await this.requestAccessToken(organizationId, refresh);
    } catch (error) {
      if (!(error instanceof RefreshRejected)) throw error;
      if (this.refresh?.token === refresh.token) this.refresh = undefined;
      this.opts.logger.debug({ organizationId }, "refresh token rejected; granting a new one");
      reportEvent({
        kind: "credentials_renewed",
        level: "info",
        message:
          "bookingtime no longer accepts the app's refresh token; obtaining a new one with the app credentials.",
      });
    }
    const fresh = await this.refreshToken();
    try {
      return await this.requestAccessToken(organizationId, fresh);
    } catch (error) {
      // A brand-new refresh token refused for this organization: the organization is the problem.
      if (error instanceof RefreshRejected && organizationId === APP_LEVEL) {
        throw appLevelRefused(undefined);
      }
      if (error instanceof RefreshRejected) throw new OrganizationAccessError(organizationId);
      throw error;
    }
  }

  private refreshToken(): Promise<CachedToken> {
    if (this.refresh && this.now() < this.refresh.renewAt) return Promise.resolve(this.refresh);
    this.grantInFlight ??= this.grant().finally(() => {
      this.grantInFlight = undefined;
    });
    return this.grantInFlight;
  }

  private async grant(): Promise<CachedToken> {
    const res = await this.endpoint.post({
      grant_type: "client_credentials",
      client_id: this.opts.clientId,
      client_secret: this.opts.clientSecret,
    });
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      this.lastGrant = "refused";
      this.refresh = undefined;
      this.opts.logger.warn({ status: res.status, error: oauthError(res) }, "token grant refused");
      throw new AuthError(
        `bookingtime refused the app credentials (${res.status} ${oauthError(res) ?? "error"}).`,
        {
          status: res.status,
          code: "credentials_rejected",
        },
      );
    }
    const body = parseTokenBody(res, refreshResponse, "token grant");
    this.opts.secrets.add(body.refresh_token);
    const lifetime = body.expires_in ?? DEFAULT_REFRESH_TTL_S;
    this.stats.grants++;
    this.lastGrant = "granted";
    this.opts.logger.debug({ grant: "client_credentials", expires_in: lifetime }, "token granted");
    this.refresh = { token: body.refresh_token, renewAt: renewAt(this.now(), lifetime) };
    return this.refresh;
  }

  private async requestAccessToken(
    organizationId: string,
    refresh: CachedToken,
  ): Promise<CachedToken> {
    const res = await this.endpoint.post({
      grant_type: "refresh_token",
      client_id: this.opts.clientId,
      refresh_token: refresh.token,
      ...(organizationId === APP_LEVEL ? {} : { organization_id: organizationId }),
    });
    if (res.status === 403 && organizationId === APP_LEVEL) throw appLevelRefused(403);
    if (res.status === 403) {
      this.opts.logger.warn({ organizationId, status: 403 }, "organization access refused");
      throw new OrganizationAccessError(organizationId, { status: 403 });
    }
    if (res.status === 400 || res.status === 401) {
      this.opts.logger.debug(
        { organizationId, status: res.status, error: oauthError(res) },
        "token exchange refused",
      );
      throw new RefreshRejected();
    }
    const body = parseTokenBody(res, accessResponse, "token exchange");
    this.opts.secrets.add(body.access_token);
    const lifetime = body.expires_in ?? DEFAULT_ACCESS_TTL_S;
    this.stats.exchanges++;
    this.opts.logger.debug(
      { grant: "refresh_token", organizationId, expires_in: lifetime },
      "access token issued",
    );
    const entry = { token: body.access_token, renewAt: renewAt(this.now(), lifetime) };
    this.access.set(organizationId, entry);
    return entry;
  }
}
