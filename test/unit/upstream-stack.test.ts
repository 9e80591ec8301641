import { describe, expect, it } from "vitest";
import { type AccessTokenProvider, withAuth } from "../../src/upstream/auth-hook.js";
import { type HttpResponse, TransportError } from "../../src/upstream/http.js";
import { type RetryPolicy, withRetry } from "../../src/upstream/retry.js";

// No waiting: the loop's decisions are under test, not its timing.
const POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 };

const answer = (status: number): HttpResponse => ({ status, headers: {}, body: Buffer.from("{}") });

/** An attempt function that plays the given outcomes in order and counts its calls. */
function script(...outcomes: (number | TransportError)[]) {
  const seen: number[] = [];
  return {
    seen,
    attempt: async (n: number) => {
      seen.push(n);
      const next = outcomes[Math.min(seen.length - 1, outcomes.length - 1)];
      if (next instanceof TransportError) throw next;
      return answer(next ?? 200);
    },
  };
}

const refused = () => new TransportError("connection", false, "could not connect (ECONNREFUSED)");
const broken = () => new TransportError("connection", true, "the connection broke");
const timedOut = () => new TransportError("timeout", true, "no complete answer within 5 ms");

describe("withRetry: the one retry loop", () => {
  it("repeats a repeatable request after 503, up to the policy's limit", async () => {
    const s = script(503, 503, 503, 200);
    const res = await withRetry(POLICY, { repeatable: true, attempt: s.attempt });
    expect(res.status).toBe(503);
    expect(s.seen).toEqual([0, 1, 2]);
  });

  it("never repeats a write that got an answer", async () => {
    const s = script(503, 200);
    const res = await withRetry(POLICY, { repeatable: false, attempt: s.attempt });
    expect(res.status).toBe(503);
    expect(s.seen).toEqual([0]);
  });

  it("repeats a write that never reached the server", async () => {
    const s = script(refused(), 201);
    const res = await withRetry(POLICY, { repeatable: false, attempt: s.attempt });
    expect(res.status).toBe(201);
    expect(s.seen).toEqual([0, 1]);
  });

  it("never repeats a write whose connection broke after it went out", async () => {
    const s = script(broken(), 201);
    await expect(withRetry(POLICY, { repeatable: false, attempt: s.attempt })).rejects.toThrow(
      TransportError,
    );
    expect(s.seen).toEqual([0]);
  });

  it("never repeats a timeout, not even a read", async () => {
    const s = script(timedOut(), 200);
    await expect(withRetry(POLICY, { repeatable: true, attempt: s.attempt })).rejects.toThrow(
      /no complete answer/,
    );
    expect(s.seen).toEqual([0]);
  });
});

class Tokens implements AccessTokenProvider {
  issued = 0;
  dropped: string[] = [];
  async getAccessToken() {
    return `token-${this.issued++}`;
  }
  invalidate(_organizationId: string, token: string) {
    this.dropped.push(token);
  }
}

describe("withAuth: token injection and the single 401 renewal", () => {
  const ORG = `f6${"a".repeat(30)}`;

  it("drops a token refused with 401 and sends once more, a write included", async () => {
    const tokens = new Tokens();
    const sent: string[] = [];
    const { res, token } = await withAuth(tokens, POLICY, {
      organizationId: ORG,
      repeatable: false,
      attempt: async (t) => {
        sent.push(t);
        return answer(sent.length === 1 ? 401 : 201);
      },
    });
    expect(res.status).toBe(201);
    expect(sent).toEqual(["token-0", "token-1"]);
    expect(tokens.dropped).toEqual(["token-0"]);
    expect(token).toBe("token-1");
  });

  it("renews only once: a second 401 is the answer", async () => {
    const tokens = new Tokens();
    const numbers: number[] = [];
    const { res } = await withAuth(tokens, POLICY, {
      organizationId: ORG,
      repeatable: true,
      attempt: async (_t, n) => {
        numbers.push(n);
        return answer(401);
      },
    });
    expect(res.status).toBe(401);
    expect(numbers).toEqual([1, 2]);
    expect(tokens.dropped).toEqual(["token-0"]);
  });
});
