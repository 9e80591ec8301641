import pino from "pino";
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type ApiRequest,
  BookingtimeClient,
  type ClientOptions,
} from "../../src/bookingtime/client.js";
import {
  ApiClientError,
  ApiServerError,
  AuthError,
  BookingtimeError,
  OrganizationAccessError,
  UpstreamUnavailableError,
  UserInputError,
} from "../../src/bookingtime/errors.js";
import { advice } from "../../src/error-text.js";
import type { AccessTokenProvider } from "../../src/upstream/auth-hook.js";

const API_ORIGIN = "https://api.example.test";
const API_URL = `${API_ORIGIN}/app/v3`;
const ORG = "f6123456789101112131415aBCdeFgHi";
const BASE = `/app/v3/en/organization/${ORG}`;
const retry = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 50 };
const NOT_RETRIED = /not retried.*may already have been applied/;

/** Hands out tok-1, tok-2, ...; invalidating the current token moves to the next one. */
class FakeTokens implements AccessTokenProvider {
  readonly gets: string[] = [];
  readonly invalidations: Array<[string, string]> = [];
  private n = 1;

  async getAccessToken(organizationId: string): Promise<string> {
    this.gets.push(organizationId);
    return `tok-${this.n}`;
  }

  invalidate(organizationId: string, token: string): void {
    this.invalidations.push([organizationId, token]);
    if (token === `tok-${this.n}`) this.n++;
  }
}

const organization = z.object({ id: z.string(), name: z.string() });
const ACME = { class: "ORGANIZATION", id: ORG, name: "ACME" };

let agent: MockAgent;
let tokens: FakeTokens;

beforeEach(() => {
  agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  tokens = new FakeTokens();
});

afterEach(async () => {
  await agent.close();
});

function client(overrides: Partial<ClientOptions> = {}): BookingtimeClient {
  return new BookingtimeClient({
    apiUrl: API_URL,
    locale: "en",
    timeoutMs: 2000,
    dispatcher: agent,
    tokens,
    logger: pino({ level: "silent" }),
    retry,
    ...overrides,
  });
}

function show(overrides: Partial<ApiRequest<z.infer<typeof organization>>> = {}) {
  return {
    method: "GET",
    organizationId: ORG,
    path: ["show"],
    content: organization,
    ...overrides,
  } as const;
}

function addCustomer(body: unknown = { firstName: "Ada", lastName: "Lovelace" }) {
  return {
    method: "POST",
    organizationId: ORG,
    path: ["customer", "add"],
    body,
    content: z.object({ id: z.string() }),
  } as const;
}

/** Every request the agent saw, matched by an interceptor or not. */
function calls() {
  return agent.getCallHistory()?.calls() ?? [];
}

function authorization(index: number): unknown {
  const headers = calls()[index]?.headers as Record<string, unknown> | undefined;
  return headers?.authorization;
}

function envelope(content: unknown, messageList: unknown[] = []): string {
  return JSON.stringify({ messageList, content });
}

const JSON_HEADERS = { "content-type": "application/json" };

function reply(
  method: "GET" | "POST",
  path: string,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = JSON_HEADERS,
) {
  return agent
    .get(API_ORIGIN)
    .intercept({ method, path: `${BASE}/${path}` })
    .reply(status, body, { headers });
}

async function rejection(promise: Promise<unknown>): Promise<BookingtimeError> {
  try {
    await promise;
  } catch (error) {
    return error as BookingtimeError;
  }
  throw new Error("expected a rejection");
}

describe("requests", () => {
  it("GETs {apiUrl}/{locale}/organization/{id}/... with the organization's bearer token", async () => {
    reply("GET", "show", 200, envelope(ACME));

    const result = await client().call(show());

    expect(result).toStrictEqual({
      content: { id: ORG, name: "ACME" },
      messages: [],
      status: 200,
    });
    expect(calls()).toHaveLength(1);
    expect(calls()[0]?.fullUrl).toBe(`${API_URL}/en/organization/${ORG}/show`);
    expect(calls()[0]?.method).toBe("GET");
    expect(authorization(0)).toBe("Bearer tok-1");
    expect(tokens.gets).toEqual([ORG]);
  });

  it("uses the configured locale as the first path segment", async () => {
    agent
      .get(API_ORIGIN)
      .intercept({ method: "GET", path: `/app/v3/de/organization/${ORG}/show` })
      .reply(200, envelope(ACME), { headers: JSON_HEADERS });

    await client({ locale: "de" }).call(show());

    expect(calls()[0]?.fullUrl).toBe(`${API_URL}/de/organization/${ORG}/show`);
  });

  it("POSTs the body as JSON and returns the 201 content", async () => {
    reply("POST", "customer/add", 201, envelope({ id: "d3123456789012345678901234567890" }));
    const body = { firstName: "Jürgen", lastName: "O'Neil & Söhne" };

    const result = await client().call(addCustomer(body));

    expect(result.status).toBe(201);
    expect(result.content).toEqual({ id: "d3123456789012345678901234567890" });
    const call = calls()[0];
    expect(call?.method).toBe("POST");
    expect(JSON.parse(String(call?.body))).toEqual(body);
    expect((call?.headers as Record<string, string> | undefined)?.["content-type"]).toMatch(
      /^application\/json/,
    );
    expect(authorization(0)).toBe("Bearer tok-1");
  });

  it("URL-encodes query keys and values (space, &, ü, /)", async () => {
    const seen: string[] = [];
    agent
      .get(API_ORIGIN)
      .intercept({ method: "GET", path: (p) => p.startsWith(`${BASE}/customer/list`) })
      .reply((opts) => {
        seen.push(opts.path);
        return { statusCode: 200, data: envelope([]), responseOptions: { headers: JSON_HEADERS } };
      });
    const value = "Müller & Söhne/Ost a=b";

    await client().call({
      method: "GET",
      organizationId: ORG,
      path: ["customer", "list"],
      query: { search: value, "odd key&": "x" },
      content: z.array(z.unknown()),
    });

    expect(seen).toHaveLength(1);
    const raw = seen[0] ?? "";
    expect(raw).toContain("search=M%C3%BCller%20%26%20S%C3%B6hne%2FOst%20a%3Db");
    expect(raw).not.toMatch(/[ üö]/);
    const params = new URL(raw, API_ORIGIN).searchParams;
    expect(params.get("search")).toBe(value);
    expect(params.get("odd key&")).toBe("x");
    expect([...params.keys()]).toEqual(["search", "odd key&"]);
  });
});

describe("validation before any request", () => {
  function armed() {
    // Would answer anything; it must stay unused.
    agent
      .get(API_ORIGIN)
      .intercept({ method: /.*/, path: () => true })
      .reply(200, envelope(ACME), { headers: JSON_HEADERS });
  }

  function expectNoRequest() {
    expect(calls()).toHaveLength(0);
    expect(agent.pendingInterceptors()).toHaveLength(1);
    expect(tokens.gets).toHaveLength(0);
  }

  it.each([
    ["too short", "f6abc"],
    ["empty", ""],
    ["wrong prefix", "d3123456789101112131415aBCdeFgHi"],
    ["one character too many", `${ORG}x`],
    ["path traversal", "../../admin/organization/list"],
    ["slash inside", "f6123456789101112131415/BCdeFgHi"],
    ["encoded slash", "f6123456789101112131415%2FBCdeFgH"],
    ["trailing newline", `${ORG}\n`],
  ])("rejects an organization id that is %s", async (_, organizationId) => {
    armed();
    await expect(client().call(show({ organizationId }))).rejects.toBeInstanceOf(UserInputError);
    expectNoRequest();
  });

  it.each([
    ["a slash", "a/b"],
    ["a parent reference", ".."],
    ["a single dot", "."],
    ["a question mark", "show?x=1"],
    ["an encoded slash", "%2F"],
    ["a hash", "show#x"],
    ["a space", "show x"],
    ["nothing", ""],
  ])("rejects a path segment containing %s", async (_, segment) => {
    armed();
    const error = await rejection(client().call(show({ path: ["customer", segment] })));
    expect(error).toBeInstanceOf(UserInputError);
    expectNoRequest();
  });

  it("rejects a bad segment even when it is also the only one", async () => {
    armed();
    await expect(client().call(show({ path: [".."] }))).rejects.toBeInstanceOf(UserInputError);
    expectNoRequest();
  });
});

describe("envelope", () => {
  it("returns the messageList alongside the content", async () => {
    reply(
      "GET",
      "show",
      200,
      envelope(ACME, [
        { type: "INFO", parameter: "name", text: "inherited" },
        { type: "INFO", text: "x" },
      ]),
    );

    const result = await client().call(show());

    expect(result.messages).toEqual([
      { type: "INFO", parameter: "name", text: "inherited" },
      { type: "INFO", parameter: null, text: "x" },
    ]);
  });

  it("content of the wrong shape is an ApiServerError", async () => {
    reply("GET", "show", 200, envelope({ id: 42 }));

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.status).toBe(200);
    expect(calls()).toHaveLength(1);
  });

  it("JSON that is not an envelope is an ApiServerError", async () => {
    reply("GET", "show", 200, JSON.stringify([1, 2, 3]));

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.message).toContain("200");
  });
});

describe("retries of GET", () => {
  it.each([502, 503, 504])(
    "retries %i twice (3 requests), then throws ApiServerError",
    async (status) => {
      reply("GET", "show", status, envelope(null, [{ type: "ERROR", text: "down" }])).times(3);

      const error = await rejection(client().call(show()));

      expect(error).toBeInstanceOf(ApiServerError);
      expect(error.status).toBe(status);
      expect(error.message).toContain(String(status));
      expect(calls()).toHaveLength(3);
      expect(tokens.invalidations).toHaveLength(0);
    },
  );

  it("succeeds when a retry succeeds", async () => {
    reply("GET", "show", 503, envelope(null));
    reply("GET", "show", 200, envelope(ACME));

    const result = await client().call(show());

    expect(result.content.name).toBe("ACME");
    expect(calls()).toHaveLength(2);
  });

  it("does not retry a 500", async () => {
    reply("GET", "show", 500, envelope(null)).persist();

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.status).toBe(500);
    expect(calls()).toHaveLength(1);
  });

  it("retries a broken connection (an error without a code counts as reaching the server)", async () => {
    agent
      .get(API_ORIGIN)
      .intercept({ method: "GET", path: `${BASE}/show` })
      .replyWithError(new Error("socket hang up"))
      .times(2);
    reply("GET", "show", 200, envelope(ACME));

    const result = await client().call(show());

    expect(result.content.id).toBe(ORG);
    expect(calls()).toHaveLength(3);
  });

  it("gives up after two retries of a connection error with an UpstreamUnavailableError", async () => {
    agent
      .get(API_ORIGIN)
      .intercept({ method: "GET", path: `${BASE}/show` })
      .replyWithError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))
      .times(3);

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(calls()).toHaveLength(3);
  });

  it("retries a 429 with Retry-After: 0", async () => {
    reply("GET", "show", 429, envelope(null), { ...JSON_HEADERS, "retry-after": "0" });
    reply("GET", "show", 200, envelope(ACME));

    const result = await client().call(show());

    expect(result.status).toBe(200);
    expect(calls()).toHaveLength(2);
  });

  it("does not wait for a Retry-After longer than maxRetryAfterMs", async () => {
    reply("GET", "show", 429, envelope(null), { ...JSON_HEADERS, "retry-after": "30" }).persist();

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(ApiClientError);
    expect(error.status).toBe(429);
    expect(advice(error)).toContain("30");
    expect(calls()).toHaveLength(1);
  });
});

describe("writes are never repeated once they may have reached the server", () => {
  it.each([500, 502, 503, 504])("POST answered %i is sent once", async (status) => {
    reply("POST", "customer/add", status, envelope(null)).persist();

    const error = await rejection(client().call(addCustomer()));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.status).toBe(status);
    expect(advice(error)).toMatch(NOT_RETRIED);
    expect(calls()).toHaveLength(1);
  });

  it("POST answered 429 with Retry-After: 0 is sent once", async () => {
    reply("POST", "customer/add", 429, envelope(null), {
      ...JSON_HEADERS,
      "retry-after": "0",
    }).persist();

    await expect(client().call(addCustomer())).rejects.toBeInstanceOf(ApiClientError);
    expect(calls()).toHaveLength(1);
  });

  it.each([
    ["ECONNRESET", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    ["EPIPE", Object.assign(new Error("write EPIPE"), { code: "EPIPE" })],
    ["UND_ERR_SOCKET", Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })],
    ["no code", new Error("socket hang up")],
  ])("POST whose connection broke (%s) is sent once", async (_, failure) => {
    agent
      .get(API_ORIGIN)
      .intercept({ method: "POST", path: `${BASE}/customer/add` })
      .replyWithError(failure)
      .persist();

    const error = await rejection(client().call(addCustomer()));

    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(advice(error)).toMatch(NOT_RETRIED);
    expect(calls()).toHaveLength(1);
  });

  it("POST that could not even connect (ECONNREFUSED) may be sent again", async () => {
    agent
      .get(API_ORIGIN)
      .intercept({ method: "POST", path: `${BASE}/customer/add` })
      .replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    reply("POST", "customer/add", 201, envelope({ id: "d3123456789012345678901234567890" }));

    const result = await client().call(addCustomer());

    expect(result.status).toBe(201);
    expect(calls()).toHaveLength(2);
  });
});

describe("401 recovery", () => {
  it("GET: invalidates exactly the token it used and retries once with a new one", async () => {
    reply("GET", "show", 401, envelope(null, [{ type: "ERROR", text: "token expired" }]));
    reply("GET", "show", 200, envelope(ACME));

    const result = await client().call(show());

    expect(result.content.name).toBe("ACME");
    expect(tokens.invalidations).toEqual([[ORG, "tok-1"]]);
    expect(calls()).toHaveLength(2);
    expect(authorization(0)).toBe("Bearer tok-1");
    expect(authorization(1)).toBe("Bearer tok-2");
  });

  it("POST: invalidates and sends the same body once more with a new token", async () => {
    reply("POST", "customer/add", 401, envelope(null));
    reply("POST", "customer/add", 201, envelope({ id: "d3123456789012345678901234567890" }));
    const body = { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" };

    const result = await client().call(addCustomer(body));

    expect(result.status).toBe(201);
    expect(tokens.invalidations).toEqual([[ORG, "tok-1"]]);
    expect(calls()).toHaveLength(2);
    expect(authorization(1)).toBe("Bearer tok-2");
    expect(JSON.parse(String(calls()[1]?.body))).toEqual(body);
  });

  it.each(["GET", "POST"] as const)(
    "%s: a second 401 is an AuthError, after one invalidation",
    async (method) => {
      const path = method === "GET" ? "show" : "customer/add";
      reply(method, path, 401, envelope(null)).persist();

      const error = await rejection(client().call(method === "GET" ? show() : addCustomer()));

      expect(error).toBeInstanceOf(AuthError);
      expect(error.status).toBe(401);
      expect(error.message).not.toContain("tok-");
      expect(tokens.invalidations).toEqual([[ORG, "tok-1"]]);
      expect(calls()).toHaveLength(2);
    },
  );
});

describe("upstream errors", () => {
  it("422 keeps every {type, parameter, text} message", async () => {
    reply(
      "POST",
      "customer/add",
      422,
      envelope(null, [
        { type: "ERROR", parameter: "email", text: "This value is not a valid email address." },
        { type: "ERROR", parameter: "lastName", text: "This value should not be blank." },
        { type: "WARNING", text: "no parameter" },
      ]),
    );

    const error = await rejection(client().call(addCustomer({ firstName: "A", email: "x" })));

    expect(error).toBeInstanceOf(ApiClientError);
    expect(error.status).toBe(422);
    expect(error.upstreamMessages).toEqual([
      { type: "ERROR", parameter: "email", text: "This value is not a valid email address." },
      { type: "ERROR", parameter: "lastName", text: "This value should not be blank." },
      { type: "WARNING", parameter: null, text: "no parameter" },
    ]);
    expect(calls()).toHaveLength(1);
  });

  it("403 is an OrganizationAccessError naming the organization", async () => {
    reply("GET", "show", 403, envelope(null)).persist();

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(OrganizationAccessError);
    expect((error as OrganizationAccessError).organizationId).toBe(ORG);
    expect(error.message).toContain(ORG);
    expect(error.status).toBe(403);
    expect(calls()).toHaveLength(1);
    expect(tokens.invalidations).toHaveLength(0);
  });

  it("404 is an ApiClientError", async () => {
    reply("GET", "show", 404, envelope(null, [{ type: "ERROR", text: "not found" }])).persist();

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(ApiClientError);
    expect(error.status).toBe(404);
    expect(error.upstreamMessages).toEqual([{ type: "ERROR", parameter: null, text: "not found" }]);
    expect(calls()).toHaveLength(1);
  });
});

describe("unusable bodies", () => {
  const HTML = "<html><body>Bad Gateway from the-proxy-marker</body></html>";

  it("an HTML 502 is retried, then an ApiServerError naming 502 without the body", async () => {
    reply("GET", "show", 502, HTML, { "content-type": "text/html" }).persist();

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.status).toBe(502);
    expect(error.message).toContain("502");
    expect(error.message).not.toContain("the-proxy-marker");
    expect(calls()).toHaveLength(3);
  });

  it("an HTML 200 is an ApiServerError naming 200", async () => {
    reply("GET", "show", 200, HTML, { "content-type": "text/html" });

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.status).toBe(200);
    expect(error.message).toContain("200");
    expect(error.message).not.toContain("<html");
  });

  it("an empty 201 to a POST is an ApiServerError that warns the change may have been applied", async () => {
    reply("POST", "customer/add", 201, "");

    const error = await rejection(client().call(addCustomer()));

    expect(error).toBeInstanceOf(ApiServerError);
    expect(error.message).toContain("201");
    expect(advice(error)).toMatch(NOT_RETRIED);
    expect(calls()).toHaveLength(1);
  });

  it("a body over 10 MB is an error naming the status", async () => {
    const huge = Buffer.alloc(11 * 1024 * 1024, 0x20);
    reply("GET", "show", 200, huge).persist();

    const error = await rejection(client().call(show()));

    expect(error).toBeInstanceOf(BookingtimeError);
    expect(error.message).toContain("200");
    expect(error.message).toMatch(/10 MB/);
    expect(calls()).toHaveLength(1);
  });
});

describe("timeouts", () => {
  it("a GET answered too late is an UpstreamUnavailableError that mentions time", async () => {
    reply("GET", "show", 200, envelope(ACME)).delay(500).persist();

    const error = await rejection(client({ timeoutMs: 100 }).call(show()));

    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error.message).toMatch(/time/);
    expect(error.message).toContain("100 ms");
  });

  it("a POST answered too late is not sent again", async () => {
    reply("POST", "customer/add", 201, envelope({ id: "x" }))
      .delay(500)
      .persist();

    const error = await rejection(client({ timeoutMs: 100 }).call(addCustomer()));

    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error.message).toMatch(/time/);
    expect(advice(error)).toMatch(NOT_RETRIED);
    expect(calls()).toHaveLength(1);
  });
});
