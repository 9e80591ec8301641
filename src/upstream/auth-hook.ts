import { reportEvent } from "./call-scope.js";
import type { HttpResponse } from "./http.js";
import { type RetryPolicy, withRetry } from "./retry.js";

/**
 * The "organization" of the app-level access token: bookingtime's SDK asks for one without
 * `organization_id` for paths that name no organization (`/app/{appId}/organization/list`).
 */
export const APP_LEVEL = "";

/** What the auth hook needs: a token per organization, and a way to drop a rejected one. */
export interface AccessTokenProvider {
  getAccessToken(organizationId: string): Promise<string>;
  invalidate(organizationId: string, token: string): void;
}

export interface AuthorizedRequest {
  organizationId: string;
  repeatable: boolean;
  /** One attempt with this token; `n` counts every attempt of the call, from 1. */
  attempt(token: string, n: number): Promise<HttpResponse>;
}

/**
 * The auth layer, wrapped around the retry loop as octokit's auth hook wraps its request:
 * every attempt carries a current token, and a 401 drops it and sends once more. A 401 means
 * the request was not processed, so even a write may be sent again, once.
 */
export async function withAuth(
  tokens: AccessTokenProvider,
  policy: RetryPolicy,
  req: AuthorizedRequest,
): Promise<{ res: HttpResponse; token: string }> {
  let attempts = 0;
  for (let renewed = false; ; renewed = true) {
    let token = "";
    const res = await withRetry(policy, {
      repeatable: req.repeatable,
      // An API request is repeatable exactly when it is a read, and only reads follow the call.
      followsCall: req.repeatable,
      attempt: async () => {
        token = await tokens.getAccessToken(req.organizationId);
        return req.attempt(token, ++attempts);
      },
    });
    if (res.status !== 401 || renewed) return { res, token };
    tokens.invalidate(req.organizationId, token);
    reportEvent({
      kind: "credentials_renewed",
      level: "info",
      message:
        "bookingtime refused the access token (401); renewing it and sending the request once more.",
    });
  }
}
