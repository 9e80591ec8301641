import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  runStandaloneSandbox,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";

const { acme, globex, initech } = SANDBOX_ORGANIZATIONS;
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json; charset=utf-8";
const UNKNOWN_ORG = `f6${"Z".repeat(30)}`;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected field by field in assertions
  json: any;
}

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await Sandbox.start();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

async function send(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Reply> {
  const res = await request(url, {
    method: (init.method ?? "GET") as "GET",
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

function tokenRequest(params: Record<string, string>, contentType = FORM): Promise<Reply> {
  return send(sandbox.authUrl, {
    method: "POST",
    headers: { "content-type": contentType },
    body: new URLSearchParams(params).toString(),
  });
}

async function refreshToken(client = SANDBOX_DEFAULT_CLIENT): Promise<string> {
  const reply = await tokenRequest({
    grant_type: "client_credentials",
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  expect(reply.status).toBe(200);
  return reply.json.refresh_token;
}

function exchange(token: string, organizationId: string, clientId = "sandbox-client") {
  return tokenRequest({
    grant_type: "refresh_token",
    client_id: clientId,
    refresh_token: token,
    organization_id: organizationId,
  });
}

async function accessToken(organizationId = acme): Promise<string> {
  const reply = await exchange(await refreshToken(), organizationId);
  expect(reply.status).toBe(200);
  return reply.json.access_token;
}

function orgUrl(organizationId: string, route: string, locale = "en"): string {
  return `${sandbox.apiUrl}/${locale}/organization/${organizationId}/${route}`;
}

function show(token: string | undefined, organizationId = acme): Promise<Reply> {
  return send(orgUrl(organizationId, "show"), {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

function addCustomer(
  token: string,
  body: unknown,
  contentType = "application/json",
  organizationId = acme,
): Promise<Reply> {
  return send(orgUrl(organizationId, "customer/add"), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function expectFailureEnvelope(reply: Reply, status: number): void {
  expect(reply.status).toBe(status);
  expect(reply.headers["content-type"]).toBe(JSON_TYPE);
  expect(reply.json.content).toBeNull();
  expect(reply.json.messageList.length).toBeGreaterThan(0);
  for (const message of reply.json.messageList) {
    expect(message).toMatchObject({ class: "MESSAGE", type: "failure" });
    expect(typeof message.text).toBe("string");
    expect(message.text.length).toBeGreaterThan(0);
  }
}

describe("token endpoint", () => {
  it("grants a refresh token, exchanges it for an access token and counts both", async () => {
    const granted = await tokenRequest({
      grant_type: "client_credentials",
      client_id: "sandbox-client",
      client_secret: "sandbox-secret",
    });
    expect(granted.status).toBe(200);
    expect(granted.headers["cache-control"]).toBe("no-store");
    expect(granted.json).toEqual({
      refresh_token: expect.stringMatching(/^sbxr_[A-Za-z0-9_-]{43,}$/),
      token_type: "Bearer",
      expires_in: 2_592_000,
    });
    expect(sandbox.stats).toEqual({ grants: 1, exchanges: 0, apiRequests: 0 });

    const exchanged = await exchange(granted.json.refresh_token, acme);
    expect(exchanged.status).toBe(200);
    expect(exchanged.json).toEqual({
      access_token: expect.stringMatching(/^sbxa_[A-Za-z0-9_-]{43,}$/),
      token_type: "Bearer",
      expires_in: 300,
    });
    expect(sandbox.stats).toEqual({ grants: 1, exchanges: 1, apiRequests: 0 });
    expect(sandbox.requests).toEqual([
      { method: "POST", path: "/oauth/token", status: 200, grantType: "client_credentials" },
      {
        method: "POST",
        path: "/oauth/token",
        status: 200,
        grantType: "refresh_token",
        organizationId: acme,
      },
    ]);
  });

  it("issues a distinct token every time and never records one", async () => {
    const first = await refreshToken();
    const second = await refreshToken();
    expect(first).not.toBe(second);
    const access = await exchange(first, acme);
    const again = await exchange(first, acme);
    expect(access.json.access_token).not.toBe(again.json.access_token);
    expect(JSON.stringify(sandbox.requests)).not.toMatch(/sbx[ra]_/);
  });

  it("answers invalid_client for an unknown client or a wrong secret, and counts nothing", async () => {
    for (const params of [
      { client_id: "sandbox-client", client_secret: "wrong" },
      { client_id: "sandbox-client", client_secret: "" },
      { client_id: "nobody", client_secret: "sandbox-secret" },
    ]) {
      const reply = await tokenRequest({ grant_type: "client_credentials", ...params });
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({
        error: "invalid_client",
        error_description: "Client authentication failed.",
      });
    }
    expect(sandbox.stats.grants).toBe(0);
  });

  it("accepts an empty secret only for a client registered with one", async () => {
    sandbox.addClient({ clientId: "module-client", clientSecret: "", organizations: [acme] });
    const reply = await tokenRequest({
      grant_type: "client_credentials",
      client_id: "module-client",
    });
    expect(reply.status).toBe(200);
    expect(reply.json.refresh_token).toMatch(/^sbxr_/);
  });

  it("answers invalid_grant once refresh tokens are revoked", async () => {
    const token = await refreshToken();
    sandbox.revokeRefreshTokens();
    const reply = await exchange(token, acme);
    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe("invalid_grant");
    expect(sandbox.stats.exchanges).toBe(0);
  });

  it("answers invalid_grant for an unknown, expired or foreign refresh token", async () => {
    sandbox.addClient({ clientId: "other-app", clientSecret: "other", organizations: [acme] });
    const token = await refreshToken();
    expect((await exchange(token, acme, "other-app")).json.error).toBe("invalid_grant");
    expect((await exchange("sbxr_made-up", acme)).json.error).toBe("invalid_grant");

    sandbox.clock.advance(2_592_000 * 1000 - 1000);
    expect((await exchange(token, acme)).status).toBe(200);
    sandbox.clock.advance(1000);
    const expired = await exchange(token, acme);
    expect(expired.status).toBe(400);
    expect(expired.json.error).toBe("invalid_grant");
  });

  it("answers access_denied for an organization the app may not access", async () => {
    const token = await refreshToken();
    for (const organizationId of [initech, UNKNOWN_ORG]) {
      const reply = await exchange(token, organizationId);
      expect(reply.status).toBe(403);
      expect(reply.json).toEqual({
        error: "access_denied",
        error_description: `The app may not access organization ${organizationId}.`,
      });
    }
    expect((await exchange(token, globex)).status).toBe(200);
    expect(sandbox.stats.exchanges).toBe(1);
  });

  it("without organization_id issues an app-level token (reference §2), which opens no organization; a malformed one is invalid_request", async () => {
    const token = await refreshToken();
    const appLevel = await tokenRequest({
      grant_type: "refresh_token",
      client_id: "sandbox-client",
      refresh_token: token,
    });
    expect(appLevel.status).toBe(200);
    expect((await show(appLevel.json.access_token)).status).toBe(401);
    const appList = await send(
      `${sandbox.apiUrl}/en/app/${SANDBOX_DEFAULT_CLIENT.appId}/organization/list`,
      { headers: { authorization: `Bearer ${appLevel.json.access_token}` } },
    );
    expect(appList.status).toBe(200);
    expect(appList.json.content.recordList.map((o: { id: string }) => o.id)).toEqual(
      SANDBOX_DEFAULT_CLIENT.appOrganizations,
    );
    const withOrganizationToken = await send(
      `${sandbox.apiUrl}/en/app/${SANDBOX_DEFAULT_CLIENT.appId}/organization/list`,
      { headers: { authorization: `Bearer ${await accessToken()}` } },
    );
    expect(withOrganizationToken.status).toBe(401);
    const malformed = await exchange(token, "f6tooShort");
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toBe("invalid_request");
  });

  it("rejects bodies that are not form-encoded, unknown grant types and other methods", async () => {
    const asJson = await send(sandbox.authUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: "sandbox-client" }),
    });
    expect(asJson.status).toBe(400);
    expect(asJson.json.error).toBe("invalid_request");
    expect(asJson.json.error_description).toContain(FORM);

    const password = await tokenRequest({ grant_type: "password", client_id: "sandbox-client" });
    expect(password.status).toBe(400);
    expect(password.json.error).toBe("unsupported_grant_type");

    const get = await send(sandbox.authUrl);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    expect(get.json.error).toBe("invalid_request");
    expect(sandbox.stats.grants).toBe(0);
  });
});

describe("organization/show", () => {
  it("returns ACME from the getting-started page, INHERITANCE wrappers intact", async () => {
    const reply = await show(await accessToken());
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe(JSON_TYPE);
    expect(reply.json.messageList).toEqual([]);
    const organization = reply.json.content;
    expect(organization).toMatchObject({
      class: "ORGANIZATION",
      id: acme,
      name: "ACME",
      customId: "123-1",
      rootOrganizationFlag: false,
    });
    expect(organization.telephone).toEqual({
      class: "INHERITANCE",
      value: "040/12345678",
      inheritance: "PARENT_ORGANIZATION",
      result: "040/12345678",
    });
    expect(organization.email.value).toBe("info@acme.com");
    expect(organization.email.result).toBe("central@acme.com");
    expect(organization.settings.timeZone.result).toBe("Europe/Berlin");
    expect(organization.settings.synchronizationServer.inheritance).toBe("OFF");
    expect(organization.openingHours.result.tuesday).toEqual(["09:00", "12:00", "14:00", "20:00"]);
    expect(organization.settings.emailTemplateList).toHaveLength(7);
    for (const template of organization.settings.emailTemplateList) {
      expect(template.organizationId).toBe(acme);
    }
    expect(organization.contingent.sms).toBe(93);
    expect(sandbox.requests.at(-1)).toEqual({
      method: "GET",
      path: `/app/v3/en/organization/${acme}/show`,
      status: 200,
      organizationId: acme,
    });
  });

  it("returns Globex as a root organization with its own settings", async () => {
    const reply = await show(await accessToken(globex), globex);
    expect(reply.status).toBe(200);
    const organization = reply.json.content;
    expect(organization).toMatchObject({ id: globex, rootOrganizationFlag: true });
    expect(organization.settings.timeZone).toEqual({
      class: "INHERITANCE",
      value: "America/New_York",
      inheritance: "OFF",
      result: "America/New_York",
    });
    expect(organization.settings.currency.result).toBe("USD");
  });

  it("answers 401 without a token, and counts the request", async () => {
    const reply = await show(undefined);
    expectFailureEnvelope(reply, 401);
    expect(reply.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(sandbox.stats.apiRequests).toBe(1);
  });

  it("answers 401 once the access token has expired on the sandbox clock", async () => {
    const token = await accessToken();
    sandbox.clock.advance(299_000);
    expect((await show(token)).status).toBe(200);
    sandbox.clock.advance(2_000);
    const reply = await show(token);
    expectFailureEnvelope(reply, 401);
    expect(reply.text).not.toContain(token);
  });

  it("expires a token after clock.advance(301_000)", async () => {
    const token = await accessToken();
    sandbox.clock.advance(301_000);
    expectFailureEnvelope(await show(token), 401);
  });

  it("answers 401 for a token issued for another organization", async () => {
    const globexToken = await accessToken(globex);
    const reply = await show(globexToken, acme);
    expectFailureEnvelope(reply, 401);
    expect(reply.json.messageList[0].text).toContain("organization");
    expect(reply.text).not.toContain(globexToken);
  });

  it("answers 401 after revokeAccessTokens, while the refresh token still works", async () => {
    const refresh = await refreshToken();
    const token = (await exchange(refresh, acme)).json.access_token;
    sandbox.revokeAccessTokens();
    expectFailureEnvelope(await show(token), 401);
    const fresh = (await exchange(refresh, acme)).json.access_token;
    expect((await show(fresh)).status).toBe(200);
  });

  it("answers 401 for a malformed Authorization header", async () => {
    const reply = await send(orgUrl(acme, "show"), { headers: { authorization: "Basic abc" } });
    expectFailureEnvelope(reply, 401);
  });
});

describe("customer/add", () => {
  it("adds a customer, answers CUSTOMER_SHORT with 201 and stores the full record", async () => {
    const token = await accessToken();
    const input = {
      firstName: "John",
      lastName: "Doe",
      email: "john.doe@example.com",
      gender: "MALE",
      mobile: "+49 (40) 123-456",
      birthday: "1980-02-29",
      locale: "de_DE",
      address: { street: "Street 10", zip: "12345", city: "Hamburg", country: "DE" },
    };
    const reply = await addCustomer(token, input);
    expect(reply.status).toBe(201);
    expect(reply.headers["content-type"]).toBe(JSON_TYPE);
    expect(reply.json.messageList).toEqual([
      {
        class: "MESSAGE",
        type: "success",
        parameter: null,
        text: "Customer successfully added.",
      },
    ]);
    expect(reply.json.content).toEqual({
      class: "CUSTOMER_SHORT",
      id: expect.stringMatching(/^d3[A-Za-z0-9]{30}$/),
      customId: "",
      firstName: "John",
      lastName: "Doe",
      organizationId: acme,
    });

    const stored = sandbox.addedCustomers(acme);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      ...input,
      id: reply.json.content.id,
      organizationId: acme,
      timestampAdd: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/),
    });
    expect(sandbox.addedCustomers(globex)).toEqual([]);
  });

  it("echoes a given customId and gives every customer a new id", async () => {
    const token = await accessToken();
    const first = await addCustomer(token, { firstName: "A", lastName: "B", customId: "crm-42" });
    const second = await addCustomer(token, { firstName: "A", lastName: "B" });
    expect(first.json.content.customId).toBe("crm-42");
    expect(first.json.content.id).not.toBe(second.json.content.id);
    expect(sandbox.addedCustomers(acme).map((c) => c.id)).toEqual([
      first.json.content.id,
      second.json.content.id,
    ]);
  });

  it("answers 422 with one failure message per offending field and stores nothing", async () => {
    const reply = await addCustomer(await accessToken(), {
      firstName: "John",
      email: "not-an-email",
      gender: "M",
      address: { street: "Street 10", zip: "12345", city: "Hamburg", country: "Germany" },
      favouriteColour: "blue",
    });
    expectFailureEnvelope(reply, 422);
    const byField = Object.fromEntries(
      reply.json.messageList.map((m: { parameter: string; text: string }) => [m.parameter, m.text]),
    );
    expect(reply.json.messageList).toHaveLength(5);
    expect(byField).toEqual({
      lastName: "This parameter is missing.",
      email: expect.stringContaining("email"),
      gender: expect.stringContaining("choice"),
      "address.country": expect.stringContaining("country"),
      favouriteColour: "This field was not expected.",
    });
    expect(sandbox.addedCustomers(acme)).toEqual([]);
  });

  it("validates blank names, dates against the clock, phones, locales, lengths and address fields", async () => {
    sandbox.clock.set(Date.UTC(2020, 0, 15, 12));
    const reply = await addCustomer(await accessToken(), {
      firstName: "  ",
      lastName: 42,
      birthday: "2020-01-16",
      mobile: "call me",
      locale: "german",
      notes: "x".repeat(5001),
      customId: "c".repeat(101),
      title: null,
      address: { street: "", zip: "12345", country: "DE", floor: "3" },
    });
    expect(reply.status).toBe(422);
    const parameters = reply.json.messageList.map((m: { parameter: string }) => m.parameter);
    expect(parameters.sort()).toEqual(
      [
        "firstName",
        "lastName",
        "birthday",
        "mobile",
        "locale",
        "notes",
        "customId",
        "title",
        "address.street",
        "address.city",
        "address.floor",
      ].sort(),
    );
    const text = (parameter: string) =>
      reply.json.messageList.find((m: { parameter: string }) => m.parameter === parameter).text;
    expect(text("firstName")).toBe("This value should not be blank.");
    expect(text("address.city")).toBe("This parameter is missing.");
    expect(text("address.floor")).toBe("This field was not expected.");

    const impossibleDate = await addCustomer(await accessToken(), {
      firstName: "A",
      lastName: "B",
      birthday: "2019-02-29",
    });
    expect(impossibleDate.json.messageList.map((m: { parameter: string }) => m.parameter)).toEqual([
      "birthday",
    ]);
    const today = await addCustomer(await accessToken(), {
      firstName: "A",
      lastName: "B",
      birthday: "2020-01-15",
    });
    expect(today.status).toBe(201);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const token = await accessToken();
    const plain = await addCustomer(token, "firstName=John&lastName=Doe", "text/plain");
    expectFailureEnvelope(plain, 400);
    const form = await addCustomer(token, { firstName: "John", lastName: "Doe" }, FORM);
    expectFailureEnvelope(form, 400);
    const broken = await addCustomer(token, '{"firstName":', "application/json");
    expectFailureEnvelope(broken, 400);
    const array = await addCustomer(token, [{ firstName: "John" }]);
    expectFailureEnvelope(array, 400);
    expect(sandbox.addedCustomers(acme)).toEqual([]);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const body = JSON.stringify({ firstName: "A", lastName: "B", notes: "x".repeat(1_100_000) });
    const reply = await addCustomer(await accessToken(), body);
    expectFailureEnvelope(reply, 413);
    expect(sandbox.addedCustomers(acme)).toEqual([]);
  });
});

describe("routing errors", () => {
  it("answers 404 envelopes for unknown routes, locales and organizations", async () => {
    const token = await accessToken();
    const auth = { authorization: `Bearer ${token}` };
    const urls = [
      orgUrl(acme, "nothing/here"),
      orgUrl(acme, "show", "deutsch"),
      orgUrl("f6short", "show"),
      orgUrl(UNKNOWN_ORG, "show"),
      `${sandbox.apiUrl}/de/static/thing`,
      `${sandbox.url}/nowhere`,
    ];
    for (const url of urls) {
      expectFailureEnvelope(await send(url, { headers: auth }), 404);
    }
  });

  it("answers 405 envelopes for known routes with the wrong method", async () => {
    const token = await accessToken();
    const getAdd = await send(orgUrl(acme, "customer/add"), {
      headers: { authorization: `Bearer ${token}` },
    });
    expectFailureEnvelope(getAdd, 405);
    expect(getAdd.headers.allow).toBe("POST");
    const postShow = await send(orgUrl(acme, "show"), {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expectFailureEnvelope(postShow, 405);
    expect(postShow.headers.allow).toBe("GET");
  });
});

describe("fault injection", () => {
  const SHOW = { pathIncludes: "/show" };

  it("failNext answers the status `times` times without executing, then recovers", async () => {
    const token = await accessToken();
    sandbox.failNext({ status: 503, times: 2, match: SHOW, headers: { "retry-after": "1" } });
    for (let i = 0; i < 2; i += 1) {
      const reply = await show(token);
      expectFailureEnvelope(reply, 503);
      expect(reply.headers["retry-after"]).toBe("1");
    }
    expect((await show(token)).status).toBe(200);
    expect(sandbox.stats.apiRequests).toBe(3);
    expect(sandbox.requests.slice(-3).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("failNext does not execute a customer/add and accepts a custom body", async () => {
    const token = await accessToken();
    sandbox.failNext({
      status: 500,
      body: { messageList: [], content: "custom" },
      match: { method: "POST" },
    });
    const reply = await addCustomer(token, { firstName: "A", lastName: "B" });
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({ messageList: [], content: "custom" });
    expect(sandbox.addedCustomers(acme)).toEqual([]);
  });

  it("failNext on the token endpoint answers an OAuth error and grants nothing", async () => {
    sandbox.failNext({ status: 500, match: { pathIncludes: "/oauth/token" } });
    const reply = await tokenRequest({
      grant_type: "client_credentials",
      client_id: "sandbox-client",
      client_secret: "sandbox-secret",
    });
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({ error: "server_error", error_description: expect.any(String) });
    expect(sandbox.stats.grants).toBe(0);
    expect(sandbox.requests[0]).toMatchObject({ status: 500, grantType: "client_credentials" });
    await refreshToken();
    expect(sandbox.stats.grants).toBe(1);
  });

  it("spends faults first-in first-out and only on matching requests", async () => {
    const token = await accessToken();
    sandbox.failNext({ status: 500, match: SHOW });
    sandbox.failNext({ status: 502, match: SHOW });
    sandbox.failNext({ status: 418, match: { method: "DELETE" } });
    expect((await show(token)).status).toBe(500);
    expect((await show(token)).status).toBe(502);
    expect((await show(token)).status).toBe(200);
    sandbox.clearFaults();
    expect((await send(orgUrl(acme, "show"), { method: "DELETE" })).status).not.toBe(418);
  });

  it("delayNext waits, then handles the request normally", async () => {
    const token = await accessToken();
    sandbox.delayNext({ ms: 400, match: SHOW });
    const started = performance.now();
    const reply = await show(token);
    const delayed = performance.now() - started;
    expect(reply.status).toBe(200);
    expect(reply.json.content.id).toBe(acme);
    expect(delayed).toBeGreaterThanOrEqual(390);
  });

  it("delayNext holds only the request it matched; the next one is answered meanwhile", async () => {
    const token = await accessToken();
    // Long enough never to end during the test: the client gives up on it below.
    sandbox.delayNext({ ms: 60_000, match: SHOW });
    const before = sandbox.requests.length;
    const giveUp = new AbortController();
    let settled = false;
    const held = send(orgUrl(acme, "show"), {
      headers: { authorization: `Bearer ${token}` },
      signal: giveUp.signal,
    }).finally(() => {
      settled = true;
    });
    await expect.poll(() => sandbox.requests.length).toBe(before + 1);
    expect((await show(token)).status).toBe(200);
    expect(settled).toBe(false);
    giveUp.abort();
    await expect(held).rejects.toThrow();
  });

  it("hangNext never answers, so only a client-side abort ends the request", async () => {
    const token = await accessToken();
    sandbox.hangNext({ match: SHOW });
    const before = sandbox.requests.length;
    const giveUp = new AbortController();
    let settled = false;
    const hanging = send(orgUrl(acme, "show"), {
      headers: { authorization: `Bearer ${token}` },
      signal: giveUp.signal,
    }).finally(() => {
      settled = true;
    });
    await expect.poll(() => sandbox.requests.length).toBe(before + 1);
    // Another request comes and goes; the hanging one is still unanswered.
    expect((await send(`${sandbox.url}/nowhere`)).status).toBe(404);
    expect(settled).toBe(false);
    giveUp.abort();
    await expect(hanging).rejects.toThrow();
    expect(sandbox.requests[before]).toMatchObject({ path: expect.stringContaining("/show") });
    expect(sandbox.requests[before]?.status).toBe(0);
    expect((await show(token)).status).toBe(200);
  });

  it("dropNext destroys the socket without an answer", async () => {
    const token = await accessToken();
    sandbox.dropNext({ match: SHOW });
    await expect(show(token)).rejects.toMatchObject({ code: "UND_ERR_SOCKET" });
    expect(sandbox.requests.at(-1)?.status).toBe(0);
    expect((await show(token)).status).toBe(200);
  });

  it("malformedNext answers an HTML body", async () => {
    const token = await accessToken();
    sandbox.malformedNext({ match: SHOW });
    const reply = await show(token);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/^text\/html/);
    expect(reply.text).toBe("<html>Bad Gateway</html>");
    expect(reply.json).toBeUndefined();

    sandbox.malformedNext({ status: 502, body: "upstream down", match: SHOW });
    const custom = await show(token);
    expect(custom.status).toBe(502);
    expect(custom.text).toBe("upstream down");
  });

  it("oversizedNext streams a JSON body over 10 MiB without a content-length", async () => {
    const token = await accessToken();
    sandbox.oversizedNext({ match: SHOW });
    const res = await request(orgUrl(acme, "show"), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe(JSON_TYPE);
    expect(res.headers["content-length"]).toBeUndefined();
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of res.body) {
      bytes += (chunk as Buffer).length;
      chunks += 1;
    }
    expect(bytes).toBeGreaterThan(11 * 1024 * 1024);
    expect(chunks).toBeGreaterThan(1);
  });

  it("oversizedNext honours a smaller size and stays valid JSON", async () => {
    sandbox.oversizedNext({ bytes: 1000 });
    const reply = await show(undefined);
    expect(Buffer.byteLength(reply.text)).toBe(1001);
    expect(reply.json.content.class).toBe("PADDING");
  });

  it("a fault without a match applies to the token endpoint too", async () => {
    sandbox.failNext({ status: 503 });
    const reply = await tokenRequest({ grant_type: "client_credentials" });
    expect(reply.status).toBe(503);
    expect(reply.json.error).toBe("temporarily_unavailable");
  });
});

describe("reset", () => {
  it("returns customers, faults, tokens, stats, requests and clock to the seed state", async () => {
    const token = await accessToken();
    await addCustomer(token, { firstName: "A", lastName: "B" });
    sandbox.clock.advance(60_000);
    sandbox.failNext({ status: 500, times: 5 });
    expect(sandbox.addedCustomers(acme)).toHaveLength(1);

    // A frozen system clock: "back to real time" is then an equality, not a tolerance.
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    try {
      sandbox.reset();
      expect(sandbox.clock.now()).toBe(1_700_000_000_000);
    } finally {
      vi.useRealTimers();
    }
    expect(sandbox.addedCustomers(acme)).toEqual([]);
    expect(sandbox.stats).toEqual({ grants: 0, exchanges: 0, apiRequests: 0 });
    expect(sandbox.requests).toEqual([]);

    const reply = await show(token);
    expectFailureEnvelope(reply, 401);
    expect(sandbox.requests).toHaveLength(1);
    expect((await show(await accessToken())).status).toBe(200);
  });
});

describe("clock", () => {
  it("freezes on set, moves on advance and follows real time again after reset", () => {
    sandbox.clock.set(1_000_000);
    expect(sandbox.clock.now()).toBe(1_000_000);
    sandbox.clock.advance(500);
    expect(sandbox.clock.now()).toBe(1_000_500);
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    try {
      sandbox.clock.reset();
      expect(sandbox.clock.now()).toBe(1_700_000_000_000);
      vi.setSystemTime(1_700_000_005_000);
      expect(sandbox.clock.now()).toBe(1_700_000_005_000);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("close", () => {
  it("ends hanging requests and idle keep-alive sockets instead of waiting for them", async () => {
    const own = await Sandbox.start();
    await send(`${own.url}/nowhere`); // leaves an idle keep-alive connection behind
    own.hangNext();
    const pending = send(`${own.url}/nowhere`);
    const settled = pending.then(
      () => "answered",
      () => "failed",
    );
    await expect.poll(() => own.requests.length).toBe(2);
    // The hanging request never ends by itself: close() resolves only because it ends it.
    await own.close();
    expect(await settled).toBe("failed");
  });
});

describe("runStandaloneSandbox", () => {
  it("starts a sandbox and logs how to connect to it", async () => {
    const lines: string[] = [];
    const standalone = await runStandaloneSandbox({ port: 0, log: (line) => lines.push(line) });
    try {
      const output = lines.join("\n");
      expect(output).toContain(standalone.apiUrl);
      expect(output).toContain(standalone.authUrl);
      expect(output).toContain("sandbox-client");
      expect(output).toContain("client id: sandbox-client");
      expect(output).not.toContain("sandbox-secret");
      for (const organizationId of [acme, globex, initech]) {
        expect(output).toContain(organizationId);
      }
      const reply = await send(standalone.authUrl, {
        method: "POST",
        headers: { "content-type": FORM },
        body: "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret",
      });
      expect(reply.status).toBe(200);
    } finally {
      await standalone.close();
    }
  });
});
