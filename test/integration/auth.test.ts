import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const { acme, globex } = SANDBOX_ORGANIZATIONS;

describe("token exchange against the sandbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    h.sandbox.reset();
    await h.reconnect({}); // a fresh token service for every test
  });

  const grants = () => h.sandbox.stats.grants;
  const exchanges = () => h.sandbox.stats.exchanges;

  it("reuses the access token across calls: one grant, one exchange", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await h.call("get_organization")).isError).toBeFalsy();
    }
    expect(grants()).toBe(1);
    expect(exchanges()).toBe(1);
  });

  it("50 concurrent first calls share one grant and one exchange", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => h.call("get_organization")));
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(grants()).toBe(1);
    expect(exchanges()).toBe(1);
  });

  it("gets one access token per organization from one refresh token", async () => {
    await Promise.all([
      h.call("get_organization", { organizationId: acme }),
      h.call("get_organization", { organizationId: globex }),
      h.call("get_organization", { organizationId: acme }),
    ]);
    expect(grants()).toBe(1);
    expect(exchanges()).toBe(2);
  });

  it("recovers from a revoked access token with one new exchange and no new grant", async () => {
    await h.call("get_organization");
    h.sandbox.revokeAccessTokens();
    const result = await h.call("get_organization");
    expect(result.isError).toBeFalsy();
    expect(grants()).toBe(1);
    expect(exchanges()).toBe(2);
    const statuses = h.sandbox.requests
      .filter((r) => r.path.endsWith("/show"))
      .map((r) => r.status);
    expect(statuses).toEqual([200, 401, 200]);
  });

  it("recovers from an access token that expired upstream before our margin", async () => {
    await h.call("get_organization");
    h.sandbox.clock.advance(301_000); // the sandbox says expired; our clock says 0 s passed
    expect((await h.call("get_organization")).isError).toBeFalsy();
    expect(exchanges()).toBe(2);
  });

  it("re-grants once when the refresh token is revoked", async () => {
    await h.call("get_organization");
    h.sandbox.revokeAccessTokens();
    h.sandbox.revokeRefreshTokens();
    const result = await h.call("get_organization");
    expect(result.isError).toBeFalsy();
    expect(grants()).toBe(2);
    expect(exchanges()).toBe(2);
  });

  it("a write rejected with 401 is sent again once with a new token, creating one customer", async () => {
    await h.call("get_organization");
    h.sandbox.revokeAccessTokens();
    const result = await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    expect(result.isError).toBeFalsy();
    expect(h.sandbox.addedCustomers(acme)).toHaveLength(1);
  });

  it("tells the user to check the credentials, without echoing the secret", async () => {
    const secret = "wrong-secret-4c1b7e9a";
    await h.reconnect({ clientSecret: secret });
    const result = await h.call("get_organization");
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain("BOOKINGTIME_CLIENT_ID");
    expect(text).toContain("BOOKINGTIME_CLIENT_SECRET");
    expect(text).not.toContain(secret);
    expect(h.logs.text).not.toContain(secret);
    expect(h.sandbox.requests.some((r) => r.path.includes("/organization/"))).toBe(false);
  });

  it("never puts a secret or token in logs or results", async () => {
    const results = [
      await h.call("get_organization"),
      await h.call("add_customer", { firstName: "Grace", lastName: "Hopper" }),
    ];
    h.sandbox.revokeAccessTokens();
    h.sandbox.revokeRefreshTokens();
    results.push(await h.call("get_organization", { view: "full" }));
    const everything = h.logs.text + JSON.stringify(results);
    expect(h.logs.lines.length).toBeGreaterThan(5);
    expect(everything).not.toContain(SANDBOX_DEFAULT_CLIENT.clientSecret);
    expect(everything).not.toMatch(/sbx[ar]_/);
    expect(everything.toLowerCase()).not.toContain("bearer ");
  });
});
