import pino from "pino";
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TokenService, type TokenServiceOptions } from "../../src/auth/token-service.js";
import {
  ApiClientError,
  ApiServerError,
  AuthError,
  OrganizationAccessError,
  UpstreamUnavailableError,
} from "../../src/bookingtime/errors.js";
import { advice } from "../../src/error-text.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";

const AUTH_ORIGIN = "https://auth.example.test";
const AUTH_URL = `${AUTH_ORIGIN}/oauth/token`;
const CLIENT_ID = "client-id-123";
const CLIENT_SECRET = "client-secret-DO-NOT-LEAK-4711";
const ORG_A = "f6123456789101112131415aBCdeFgHi";
const ORG_B = "f6aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const ORG_C = "f6bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const retry = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 50 };
const T0 = new Date("2025-03-01T10:00:00Z").getTime();

type Form = Record<string, string>;
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
interface RecordedRequest {
  form: Form;
  headers: Record<string, string>;
}

function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((value, key) => {
      out[key] = value;
    });
  } else if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
    }
  } else if (headers && typeof headers === "object") {
    for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value);
  }
  return out;
}

/**
 * A stand-in for bookingtime's /oauth/token: records every form it receives and answers
 * through replaceable handlers. By default it grants `rt-N` (30 days) and issues
 * `at-N` (300 s), numbering each kind separately.
 */
class FakeAuth {
  readonly requests: RecordedRequest[] = [];
  onGrant: (form: Form, n: number) => Reply = (_form, n) => ({
    status: 200,
    body: { refresh_token: `rt-${n}`, token_type: "Bearer", expires_in: 2592000 },
  });
  onExchange: (form: Form, n: number) => Reply = (_form, n) => ({
    status: 200,
    body: { access_token: `at-${n}`, token_type: "Bearer", expires_in: 300 },
  });

  constructor(agent: MockAgent) {
    agent
      .get(AUTH_ORIGIN)
      .intercept({ path: "/oauth/token", method: "POST" })
      .reply((opts) => {
        const form = Object.fromEntries(new URLSearchParams(String(opts.body)));
        // n counts the earlier requests of the same kind, so the first answer is number 0.
        const reply =
          form.grant_type === "client_credentials"
            ? this.onGrant(form, this.grants.length)
            : this.onExchange(form, this.exchanges.length);
        this.requests.push({ form, headers: normalizeHeaders(opts.headers) });
        return {
          statusCode: reply.status,
          data: typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {}),
          responseOptions: { headers: { "content-type": "application/json", ...reply.headers } },
        };
      })
      .persist();
  }

  get grants(): RecordedRequest[] {
    return this.requests.filter((r) => r.form.grant_type === "client_credentials");
  }

  get exchanges(): RecordedRequest[] {
    return this.requests.filter((r) => r.form.grant_type === "refresh_token");
  }
}

/** Answers each call from the list in turn; the last entry repeats. */
function sequence(...replies: Reply[]): (form: Form, n: number) => Reply {
  let i = 0;
  return () => {
    const reply = replies[Math.min(i++, replies.length - 1)];
    if (!reply) throw new Error("empty sequence");
    return reply;
  };
}

let agent: MockAgent;

function service(overrides: Partial<TokenServiceOptions> = {}): TokenService {
  return new TokenService({
    authUrl: AUTH_URL,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    dispatcher: agent,
    timeoutMs: 1000,
    logger: pino({ level: "silent" }),
    secrets: new SecretRegistry(),
    retry,
    ...overrides,
  });
}

/** Every request the agent saw, matched by an interceptor or not. */
function requestCount(): number {
  return agent.getCallHistory()?.calls().length ?? 0;
}

function advance(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

beforeEach(() => {
  // Only the clock is faked: undici and the retry backoff keep real (tiny) timers.
  vi.useFakeTimers({ toFake: ["Date"], now: T0 });
  agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
});

afterEach(async () => {
  vi.useRealTimers();
  await agent.close();
});

describe("request bodies", () => {
  it("grants with client_credentials as a form-encoded body", async () => {
    const auth = new FakeAuth(agent);
    await service().getAccessToken(ORG_A);

    const grant = auth.grants[0];
    expect(grant?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(grant?.form).toStrictEqual({
      grant_type: "client_credentials",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
  });

  it("exchanges with refresh_token, client_id, refresh_token and organization_id", async () => {
    const auth = new FakeAuth(agent);
    const token = await service().getAccessToken(ORG_A);

    expect(token).toBe("at-0");
    const exchange = auth.exchanges[0];
    expect(exchange?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(exchange?.form).toStrictEqual({
      grant_type: "refresh_token",
      client_id: CLIENT_ID,
      refresh_token: "rt-0",
      organization_id: ORG_A,
    });
    expect(auth.requests.map((r) => r.form.grant_type)).toEqual([
      "client_credentials",
      "refresh_token",
    ]);
  });

  it("sends an empty client secret for module-style apps", async () => {
    const auth = new FakeAuth(agent);
    await service({ clientSecret: "" }).getAccessToken(ORG_A);
    expect(auth.grants[0]?.form.client_secret).toBe("");
  });

  it("encodes characters that are special in a form body", async () => {
    const auth = new FakeAuth(agent);
    const secret = "a&b=c+d %e";
    await service({ clientSecret: secret }).getAccessToken(ORG_A);
    expect(auth.grants[0]?.form.client_secret).toBe(secret);
  });
});

describe("the app-level token (BOOKINGTIME_APP_ID's organization list)", () => {
  it("is exchanged without organization_id, cached apart from organization tokens", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();
    expect(await tokens.getAccessToken("")).toBe("at-0");
    expect(auth.exchanges[0]?.form).toStrictEqual({
      grant_type: "refresh_token",
      client_id: CLIENT_ID,
      refresh_token: "rt-0",
    });
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-1");
    expect(await tokens.getAccessToken("")).toBe("at-0");
    expect(auth.exchanges).toHaveLength(2);
  });

  it("refused even after a fresh grant: an AuthError about the app, whose advice names BOOKINGTIME_APP_ID", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = () => ({ status: 400, body: { error: "invalid_request" } });
    const error = await rejection(service().getAccessToken(""));
    expect(error).toBeInstanceOf(AuthError);
    expect(advice(error as AuthError)).toContain("BOOKINGTIME_APP_ID");
    expect(error.message).not.toContain("rt-");
    auth.onExchange = () => ({ status: 403, body: { error: "access_denied" } });
    const forbidden = await rejection(service().getAccessToken(""));
    expect(forbidden).toBeInstanceOf(AuthError);
    expect(advice(forbidden as AuthError)).toContain("BOOKINGTIME_APP_ID");
  });
});

describe("access token cache and margin", () => {
  it.each([
    ["a number", 300],
    ["a numeric string", "300"],
  ])("reuses a 300 s token (expires_in as %s) for 240 s, then renews it", async (_, expiresIn) => {
    const auth = new FakeAuth(agent);
    auth.onExchange = (_form, n) => ({
      status: 200,
      body: { access_token: `at-${n}`, expires_in: expiresIn },
    });
    const tokens = service();

    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    advance(239_000);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    advance(999);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    expect(auth.exchanges).toHaveLength(1);

    advance(2);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-1");
    expect(auth.exchanges).toHaveLength(2);
    expect(auth.grants).toHaveLength(1);
  });

  it("uses a fifth of the lifetime as margin for a short-lived token (10 s → renew after 8 s)", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = (_form, n) => ({
      status: 200,
      body: { access_token: `at-${n}`, expires_in: 10 },
    });
    const tokens = service();

    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    // A fixed 60 s margin would make a 10 s token useless: it must be reused at first.
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    advance(7_999);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    expect(auth.exchanges).toHaveLength(1);

    advance(2);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-1");
    expect(auth.exchanges).toHaveLength(2);
  });

  it("without expires_in, treats the access token as a 300 s token", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = (_form, n) => ({ status: 200, body: { refresh_token: `rt-${n}` } });
    auth.onExchange = (_form, n) => ({ status: 200, body: { access_token: `at-${n}` } });
    const tokens = service();

    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    advance(239_000);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    advance(2_000);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-1");
    expect(auth.grants).toHaveLength(1);
  });

  it("reuses the refresh token across organizations", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();

    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    expect(await tokens.getAccessToken(ORG_B)).toBe("at-1");

    expect(auth.grants).toHaveLength(1);
    expect(auth.exchanges.map((r) => [r.form.organization_id, r.form.refresh_token])).toEqual([
      [ORG_A, "rt-0"],
      [ORG_B, "rt-0"],
    ]);
  });

  it("keeps the refresh token until its own expiry, then grants a new one", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = (_form, n) => ({
      status: 200,
      body: { refresh_token: `rt-${n}`, expires_in: 600 },
    });
    const tokens = service();

    await tokens.getAccessToken(ORG_A);
    await tokens.getAccessToken(ORG_B);
    advance(400_000); // both access tokens expired, the refresh token still good
    await tokens.getAccessToken(ORG_A);
    expect(auth.grants).toHaveLength(1);
    expect(auth.exchanges[2]?.form.refresh_token).toBe("rt-0");

    advance(200_000); // 600 s after the grant: the refresh token is past its expiry
    await tokens.getAccessToken(ORG_B);
    expect(auth.grants).toHaveLength(2);
    expect(auth.exchanges[3]?.form).toMatchObject({
      organization_id: ORG_B,
      refresh_token: "rt-1",
    });
  });

  it("keeps separate access tokens per organization", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();
    const a = await tokens.getAccessToken(ORG_A);
    const b = await tokens.getAccessToken(ORG_B);
    expect(a).not.toBe(b);
    expect(await tokens.getAccessToken(ORG_A)).toBe(a);
    expect(await tokens.getAccessToken(ORG_B)).toBe(b);
    expect(auth.exchanges).toHaveLength(2);
  });
});

describe("single flight", () => {
  it("50 concurrent first calls for one organization cause exactly one grant and one exchange", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();

    const results = await Promise.all(
      Array.from({ length: 50 }, () => tokens.getAccessToken(ORG_A)),
    );

    expect(new Set(results)).toEqual(new Set(["at-0"]));
    expect(auth.grants).toHaveLength(1);
    expect(auth.exchanges).toHaveLength(1);
    expect(requestCount()).toBe(2);
  });

  it("concurrent calls for three organizations share one grant and make one exchange each", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = (form) => ({
      status: 200,
      body: { access_token: `at-for-${form.organization_id}`, expires_in: 300 },
    });
    const tokens = service();
    const orgs = [ORG_A, ORG_B, ORG_C];

    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const org = orgs[i % 3] as string;
        return tokens.getAccessToken(org).then((token) => [org, token] as const);
      }),
    );

    for (const [org, token] of results) expect(token).toBe(`at-for-${org}`);
    expect(auth.grants).toHaveLength(1);
    expect(auth.exchanges.map((r) => r.form.organization_id).sort()).toEqual([...orgs].sort());
    expect(requestCount()).toBe(4);
  });

  it("concurrent renewals after expiry share one exchange", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();
    await tokens.getAccessToken(ORG_A);
    advance(241_000);

    const results = await Promise.all(
      Array.from({ length: 20 }, () => tokens.getAccessToken(ORG_A)),
    );

    expect(new Set(results)).toEqual(new Set(["at-1"]));
    expect(auth.exchanges).toHaveLength(2);
    expect(auth.grants).toHaveLength(1);
  });

  it("concurrent callers share a refusal, which is remembered for a minute, then asked again", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = sequence(
      { status: 403, body: { error: "access_denied" } },
      {
        status: 200,
        body: { access_token: "at-ok", expires_in: 300 },
      },
    );
    const tokens = service();

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => tokens.getAccessToken(ORG_A)),
    );
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      if (outcome.status === "rejected") {
        expect(outcome.reason).toBeInstanceOf(OrganizationAccessError);
      }
    }
    expect(auth.exchanges).toHaveLength(1);
    // Within the minute the refusal is answered from memory: same type, same message.
    const again = await rejection(tokens.getAccessToken(ORG_A));
    expect(again).toBeInstanceOf(OrganizationAccessError);
    expect(again.message).toBe((outcomes[0] as PromiseRejectedResult).reason.message);
    expect(auth.exchanges).toHaveLength(1);

    advance(60_000);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-ok");
    expect(auth.exchanges).toHaveLength(2);
  });
});

describe("refused and unknown organizations", () => {
  it("300 calls with bad organization ids cause a bounded number of token requests", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = (form) =>
      form.organization_id === ORG_A
        ? { status: 200, body: { access_token: "at-a", expires_in: 300 } }
        : { status: 400, body: { error: "invalid_grant" } };
    const tokens = service();
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-a");
    const bad = (i: number) => `f6${String(i % 100).padStart(30, "x")}`;
    const outcomes = [];
    for (let i = 0; i < 300; i++) outcomes.push(await rejection(tokens.getAccessToken(bad(i))));
    // Each new id: an exchange, a re-grant (the refresh token might have been revoked) and an
    // exchange, until the shared budget for never-granted organizations (30 a minute) is spent;
    // repeats are answered from memory.
    expect(auth.requests.length).toBeLessThanOrEqual(2 + 30 * 3);
    expect(outcomes[0]).toBeInstanceOf(OrganizationAccessError);
    expect(outcomes.at(-1)?.name).toMatch(/OrganizationAccessError|TokenRequestsLimitedError/);
    expect(outcomes.some((e) => e.name === "TokenRequestsLimitedError")).toBe(true);
    // An organization already in use is unaffected.
    tokens.invalidate(ORG_A, "at-a");
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-a");
  });

  it("an organization in use gets a new grant each time its refresh token is revoked", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();
    await tokens.getAccessToken(ORG_A);
    for (let round = 0; round < 2; round++) {
      // bookingtime revokes the current refresh token; the access token is refused (401).
      const revoked = `rt-${auth.grants.length - 1}`;
      auth.onExchange = (form, n) =>
        form.refresh_token === revoked
          ? { status: 400, body: { error: "invalid_grant" } }
          : { status: 200, body: { access_token: `at-${n}`, expires_in: 300 } };
      // Within seconds of each other: the limit on re-grants is for organizations never used.
      tokens.invalidate(ORG_A, await tokens.getAccessToken(ORG_A));
      const grants = auth.grants.length;
      expect(await tokens.getAccessToken(ORG_A)).toMatch(/^at-/);
      expect(auth.grants).toHaveLength(grants + 1);
    }
  });

  it("a refused organization is remembered: 100 calls, one exchange", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = () => ({ status: 403, body: { error: "access_denied" } });
    const tokens = service();
    for (let i = 0; i < 100; i++) {
      expect(await rejection(tokens.getAccessToken(ORG_B))).toBeInstanceOf(OrganizationAccessError);
    }
    expect(auth.exchanges).toHaveLength(1);
  });

  it("token exchanges per organization are rate limited, even when bookingtime keeps failing", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = () => ({ status: 500, body: {} });
    const tokens = service();
    const errors = [];
    for (let i = 0; i < 50; i++) errors.push(await rejection(tokens.getAccessToken(ORG_C)));
    expect(auth.exchanges.length).toBeLessThanOrEqual(20);
    expect(errors.at(-1)?.name).toBe("TokenRequestsLimitedError");
    expect(errors.at(-1)?.message).toContain(ORG_C);
    advance(60_000);
    await rejection(tokens.getAccessToken(ORG_C));
    expect(auth.exchanges.length).toBeLessThanOrEqual(21);
  });
});

describe("invalidate (compare-and-delete)", () => {
  it("keeps the current token when invalidated with a stale one", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");

    tokens.invalidate(ORG_A, "some-older-token");

    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    expect(auth.exchanges).toHaveLength(1);
  });

  it("drops the current token when invalidated with it, forcing a new exchange (no new grant)", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");

    tokens.invalidate(ORG_A, "at-0");

    expect(await tokens.getAccessToken(ORG_A)).toBe("at-1");
    expect(auth.exchanges).toHaveLength(2);
    expect(auth.grants).toHaveLength(1);
  });

  it("a late invalidate of the old token leaves a freshly fetched one alone", async () => {
    const auth = new FakeAuth(agent);
    const tokens = service();
    await tokens.getAccessToken(ORG_A); // at-0
    tokens.invalidate(ORG_A, "at-0");
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-1");

    // A second caller that also used at-0 reports its 401 only now.
    tokens.invalidate(ORG_A, "at-0");

    expect(await tokens.getAccessToken(ORG_A)).toBe("at-1");
    expect(auth.exchanges).toHaveLength(2);
  });

  it("only touches the named organization", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = (form, n) => ({
      status: 200,
      body: { access_token: `shared-${n}-${form.organization_id?.slice(-2)}`, expires_in: 300 },
    });
    const tokens = service();
    const a = await tokens.getAccessToken(ORG_A);
    const b = await tokens.getAccessToken(ORG_B);

    tokens.invalidate(ORG_B, a);

    expect(await tokens.getAccessToken(ORG_A)).toBe(a);
    expect(await tokens.getAccessToken(ORG_B)).toBe(b);
    expect(auth.exchanges).toHaveLength(2);
  });
});

describe("rejected refresh token", () => {
  it.each([
    [400, { error: "invalid_grant" }],
    [401, { error: "invalid_token" }],
  ])(
    "an exchange answering %i leads to exactly one new grant, then the exchange again",
    async (status, body) => {
      const auth = new FakeAuth(agent);
      auth.onExchange = sequence(
        { status, body },
        { status: 200, body: { access_token: "at-after-regrant", expires_in: 300 } },
      );
      const tokens = service();

      expect(await tokens.getAccessToken(ORG_A)).toBe("at-after-regrant");

      expect(auth.requests.map((r) => r.form.grant_type)).toEqual([
        "client_credentials",
        "refresh_token",
        "client_credentials",
        "refresh_token",
      ]);
      expect(auth.exchanges.map((r) => r.form.refresh_token)).toEqual(["rt-0", "rt-1"]);
      expect(tokens.stats).toEqual({ grants: 2, exchanges: 1 });
    },
  );

  it("uses the new refresh token for other organizations afterwards", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = (form, n) =>
      form.refresh_token === "rt-0"
        ? { status: 400, body: { error: "invalid_grant" } }
        : { status: 200, body: { access_token: `at-${n}`, expires_in: 300 } };
    const tokens = service();

    await tokens.getAccessToken(ORG_A);
    await tokens.getAccessToken(ORG_B);

    expect(auth.grants).toHaveLength(2);
    expect(auth.exchanges.map((r) => r.form.refresh_token)).toEqual(["rt-0", "rt-1", "rt-1"]);
  });

  it("an exchange refused again after a fresh grant is an OrganizationAccessError naming the organization", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = () => ({ status: 400, body: { error: "invalid_grant" } });
    const tokens = service();

    const error = await rejection(tokens.getAccessToken(ORG_A));

    expect(error).toBeInstanceOf(OrganizationAccessError);
    expect(error.message).toContain(ORG_A);
    expect((error as OrganizationAccessError).organizationId).toBe(ORG_A);
    expect(auth.grants).toHaveLength(2);
    expect(auth.exchanges).toHaveLength(2);
    expect(requestCount()).toBe(4);
  });

  it("an exchange answering 403 is an OrganizationAccessError naming the organization, without a new grant", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = () => ({ status: 403, body: { error: "access_denied" } });
    const tokens = service();

    const error = await rejection(tokens.getAccessToken(ORG_B));

    expect(error).toBeInstanceOf(OrganizationAccessError);
    expect(error.message).toContain(ORG_B);
    expect((error as OrganizationAccessError).status).toBe(403);
    expect(auth.grants).toHaveLength(1);
    expect(auth.exchanges).toHaveLength(1);
  });
});

describe("bad credentials", () => {
  it.each([
    [401, "invalid_client"],
    [400, "invalid_client"],
  ])(
    "a grant answering %i %s is an AuthError naming both variables, without the secret",
    async (status, code) => {
      const auth = new FakeAuth(agent);
      auth.onGrant = () => ({
        status,
        body: { error: code, error_description: "Client authentication failed" },
      });
      const tokens = service();

      const error = await rejection(tokens.getAccessToken(ORG_A));

      expect(error).toBeInstanceOf(AuthError);
      const text = `${error.message}\n${advice(error as AuthError) ?? ""}`;
      expect(text).toContain("BOOKINGTIME_CLIENT_ID");
      expect(text).toContain("BOOKINGTIME_CLIENT_SECRET");
      expect(text).not.toContain(CLIENT_SECRET);
      expect(JSON.stringify(error)).not.toContain(CLIENT_SECRET);
      expect(auth.exchanges).toHaveLength(0);
      expect(auth.grants).toHaveLength(1);
    },
  );
});

describe("transient failures of the token endpoint", () => {
  it("retries a 503 on the grant, then succeeds", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = sequence(
      { status: 503, body: { error: "temporarily_unavailable" } },
      { status: 200, body: { refresh_token: "rt-ok", expires_in: 3600 } },
    );
    const tokens = service();

    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    expect(auth.grants).toHaveLength(2);
    expect(auth.exchanges[0]?.form.refresh_token).toBe("rt-ok");
    expect(tokens.stats).toEqual({ grants: 1, exchanges: 1 });
  });

  it.each([502, 504])("retries a %i on the exchange, then succeeds", async (status) => {
    const auth = new FakeAuth(agent);
    auth.onExchange = sequence(
      { status, body: "" },
      { status: 200, body: { access_token: "at-ok", expires_in: 300 } },
    );
    expect(await service().getAccessToken(ORG_A)).toBe("at-ok");
    expect(auth.exchanges).toHaveLength(2);
    expect(auth.grants).toHaveLength(1);
  });

  it("waits out a short Retry-After on a 429, then succeeds", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = sequence(
      { status: 429, body: { error: "slow_down" }, headers: { "retry-after": "0" } },
      { status: 200, body: { refresh_token: "rt-ok", expires_in: 3600 } },
    );
    expect(await service().getAccessToken(ORG_A)).toBe("at-0");
    expect(auth.grants).toHaveLength(2);
  });

  it("a 429 with a long Retry-After is an ApiClientError saying how long to wait", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = () => ({ status: 429, body: {}, headers: { "retry-after": "30" } });
    const error = await rejection(service().getAccessToken(ORG_A));
    expect(error).toBeInstanceOf(ApiClientError);
    expect(advice(error as ApiClientError)).toBe("Wait 30 seconds before trying again.");
    expect(auth.grants).toHaveLength(1);
  });

  it("gives up after maxRetries with an ApiServerError naming the status", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = () => ({ status: 503, body: { error: "temporarily_unavailable" } });

    const error = await rejection(service().getAccessToken(ORG_A));

    expect(error).toBeInstanceOf(ApiServerError);
    expect((error as ApiServerError).status).toBe(503);
    expect(error.message).toContain("503");
    expect(auth.grants).toHaveLength(1 + retry.maxRetries);
  });

  it("a 500 is an ApiServerError, not retried", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = () => ({ status: 500, body: { error: "server_error" } });

    const error = await rejection(service().getAccessToken(ORG_A));

    expect(error).toBeInstanceOf(ApiServerError);
    expect((error as ApiServerError).status).toBe(500);
    expect(auth.grants).toHaveLength(1);
  });

  it("retries a broken connection, then succeeds", async () => {
    agent
      .get(AUTH_ORIGIN)
      .intercept({ path: "/oauth/token", method: "POST" })
      .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    const auth = new FakeAuth(agent);

    expect(await service().getAccessToken(ORG_A)).toBe("at-0");
    expect(requestCount()).toBe(3);
    expect(auth.requests).toHaveLength(2);
  });

  it("a token endpoint that stays unreachable is an UpstreamUnavailableError", async () => {
    agent
      .get(AUTH_ORIGIN)
      .intercept({ path: "/oauth/token", method: "POST" })
      .replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))
      .times(3);

    const error = await rejection(service().getAccessToken(ORG_A));

    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error.message).toMatch(/token endpoint/);
    expect(requestCount()).toBe(3);
  });
});

describe("unusable token responses", () => {
  it("a 200 grant without a refresh token is an ApiServerError that does not quote the body", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = () => ({
      status: 200,
      body: { token_type: "Bearer", surprise: "body-marker-Zq9", access_token: "leaky-at" },
    });

    const error = await rejection(service().getAccessToken(ORG_A));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.message).toContain("200");
    expect(error.message).not.toContain("body-marker-Zq9");
    expect(error.message).not.toContain("leaky-at");
    expect(auth.exchanges).toHaveLength(0);
  });

  it("a 200 exchange without an access token is an ApiServerError that does not quote the body", async () => {
    const auth = new FakeAuth(agent);
    auth.onExchange = () => ({
      status: 200,
      body: { refresh_token: "leaky-rt", expires_in: 300 },
    });

    const error = await rejection(service().getAccessToken(ORG_A));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.message).not.toContain("leaky-rt");
  });

  it("a non-JSON 200 is an ApiServerError", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = () => ({ status: 200, body: "<html>maintenance</html>" });

    const error = await rejection(service().getAccessToken(ORG_A));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.message).not.toContain("maintenance");
  });

  it("a failed grant is not cached: the next call grants again", async () => {
    const auth = new FakeAuth(agent);
    auth.onGrant = sequence(
      { status: 200, body: { nothing: true } },
      { status: 200, body: { refresh_token: "rt-good", expires_in: 3600 } },
    );
    const tokens = service();

    await expect(tokens.getAccessToken(ORG_A)).rejects.toBeInstanceOf(ApiServerError);
    expect(await tokens.getAccessToken(ORG_A)).toBe("at-0");
    expect(auth.grants).toHaveLength(2);
  });
});

describe("stats", () => {
  it("counts successful grants and exchanges", async () => {
    new FakeAuth(agent);
    const tokens = service();
    expect(tokens.stats).toEqual({ grants: 0, exchanges: 0 });
    expect(tokens.grantState).toBe("none");

    await tokens.getAccessToken(ORG_A);
    await tokens.getAccessToken(ORG_A);
    await tokens.getAccessToken(ORG_B);
    expect(tokens.stats).toEqual({ grants: 1, exchanges: 2 });
    expect(tokens.grantState).toBe("granted");

    advance(241_000);
    await tokens.getAccessToken(ORG_A);
    expect(tokens.stats).toEqual({ grants: 1, exchanges: 3 });
  });
});

describe("logging", () => {
  it("never writes the secret, the refresh token or the access token, even at trace level", async () => {
    const lines: string[] = [];
    const secrets = new SecretRegistry();
    const logger = createLogger("trace", secrets, { write: (s: string) => void lines.push(s) });
    const auth = new FakeAuth(agent);
    auth.onGrant = (_form, n) => ({
      status: 200,
      body: { refresh_token: `refresh-SECRET-${n}`, expires_in: 3600 },
    });
    auth.onExchange = sequence(
      { status: 400, body: { error: "invalid_grant" } },
      { status: 200, body: { access_token: "access-SECRET-1", expires_in: 300 } },
      { status: 403, body: { error: "access_denied" } },
    );
    const tokens = service({ logger, secrets });

    await tokens.getAccessToken(ORG_A);
    await expect(tokens.getAccessToken(ORG_B)).rejects.toBeInstanceOf(OrganizationAccessError);

    const output = lines.join("");
    expect(lines.length).toBeGreaterThan(0);
    expect(output).toContain(ORG_A);
    expect(output).not.toContain(CLIENT_SECRET);
    expect(output).not.toContain("refresh-SECRET");
    expect(output).not.toContain("access-SECRET");
  });
});
