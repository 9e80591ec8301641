import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS, Sandbox } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";
import { type HttpHarness, newToken, startHttpHarness } from "../helpers/http-harness.js";

const { acme, globex } = SANDBOX_ORGANIZATIONS;

describe("BOOKINGTIME_ALLOWED_ORGANIZATIONS refuses every other organization before any request", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ allowedOrganizations: [acme] });
  });
  afterAll(() => h.close());

  const requestsFor = (id: string) => h.sandbox.requests.filter((r) => r.path.includes(id)).length;
  const tokenRequests = () => h.sandbox.requests.filter((r) => r.path === "/oauth/token").length;

  it("by tool argument: an error naming the list, and no request at all", async () => {
    const before = h.sandbox.requests.length;
    const result = await h.call("get_organization", { organizationId: globex });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(`Organization ${globex} is not one this server may use`);
    expect(textOf(result)).toMatch(
      /What to do: Use an organization from BOOKINGTIME_ALLOWED_ORGANIZATIONS: f6/,
    );
    expect(h.sandbox.requests.length).toBe(before);
  });

  it("an allowed organization works as before", async () => {
    const result = await h.call("get_organization", { organizationId: acme });
    expect(result.isError, textOf(result)).toBeFalsy();
  });

  it("by resource URI", async () => {
    const before = h.sandbox.requests.length;
    await expect(
      h.client.readResource({ uri: `bookingtime://organization/${globex}/services` }),
    ).rejects.toThrow(/is not one this server may use/);
    await expect(
      h.client.readResource({ uri: `bookingtime://organization/${globex}` }),
    ).rejects.toThrow(/is not one this server may use/);
    expect(h.sandbox.requests.length).toBe(before);
  });

  it("a default organization outside the list is refused too, naming where it came from", async () => {
    await h.reconnect({ organizationId: globex, allowedOrganizations: [acme] });
    const tokens = tokenRequests();
    const result = await h.call("list_services");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/the default organization, from BOOKINGTIME_ORGANIZATION_ID/);
    expect(tokenRequests()).toBe(tokens);
    expect(requestsFor(globex)).toBe(0);
  });
});

describe("in remote mode, by X-Bookingtime-Organization header", () => {
  let sandbox: Sandbox;
  let h: HttpHarness;
  const token = newToken();
  beforeAll(async () => {
    sandbox = await Sandbox.start();
    h = await startHttpHarness(sandbox, { tokens: [token], allowedOrganizations: [acme] });
  });
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });

  it("refuses the header's organization before any request", async () => {
    const client = await h.client(token, { "X-Bookingtime-Organization": globex });
    const before = sandbox.requests.length;
    const result = (await client.callTool({ name: "get_organization" })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(
      /X-Bookingtime-Organization header\) is not one this server may use/,
    );
    expect(sandbox.requests.length).toBe(before);
  });
});
