import {
  type LoggingLevel,
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_DEFAULT_CLIENT } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness } from "../helpers/harness.js";

type Params = LoggingMessageNotification["params"];

const SHOW = { pathIncludes: "/show" };

describe("client logging: notifications/message for what a person watching the host should see", () => {
  let h: Harness;
  let messages: Params[];

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  beforeEach(async () => {
    h.sandbox.clearFaults();
    await h.reconnect({});
    messages = [];
    h.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      messages.push(n.params);
    });
  });

  const setLevel = (level: LoggingLevel) => h.client.setLoggingLevel(level);

  /** Every secret the test knows: the app's, and each token the emulator issued on the way. */
  function expectNoSecret() {
    const text = JSON.stringify(messages);
    expect(text).not.toContain(SANDBOX_DEFAULT_CLIENT.clientSecret);
    expect(text).not.toMatch(/sbx[ar]_/);
  }

  it("declares the logging capability", () => {
    expect(h.client.getServerCapabilities()?.logging).toBeDefined();
  });

  it("a retried 503 is reported at info, once per retry, without secrets", async () => {
    await setLevel("info");
    h.sandbox.failNext({ status: 503, match: SHOW });
    const result = await h.call("get_organization");
    expect(result.isError).toBeFalsy();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ level: "info", logger: "bookingtime" });
    expect(String(messages[0]?.data)).toMatch(
      /answered 503; trying again in \d+\.\d s \(retry 1 of 2\)/,
    );
    expectNoSecret();
  });

  it("a 429 wait is reported as a warning", async () => {
    await setLevel("debug");
    h.sandbox.failNext({ status: 429, match: SHOW, headers: { "retry-after": "0" } });
    expect((await h.call("get_organization")).isError).toBeFalsy();
    expect(messages.map((m) => m.level)).toEqual(["warning"]);
    expect(String(messages[0]?.data)).toContain("rate limiting this app (429)");
    expectNoSecret();
  });

  it("a 401 renewal and a refused refresh token are reported as credential renewals", async () => {
    await setLevel("info");
    await h.call("get_organization");
    h.sandbox.revokeAccessTokens();
    h.sandbox.revokeRefreshTokens();
    expect((await h.call("get_organization")).isError).toBeFalsy();
    const texts = messages.map((m) => String(m.data));
    expect(messages.every((m) => m.level === "info")).toBe(true);
    expect(texts[0]).toContain("refused the access token (401); renewing it");
    expect(texts[1]).toContain("no longer accepts the app's refresh token");
    expect(texts).toHaveLength(2);
    expectNoSecret();
  });

  it("records that did not fit are reported as a warning", async () => {
    h.sandbox.failNext({
      status: 200,
      match: { pathIncludes: "/organization/list" },
      body: {
        messageList: [],
        content: {
          class: "LIST",
          recordList: [{ class: "ORGANIZATION_SHORT", id: "f6Broken", name: 42 }],
        },
      },
    });
    const result = await h.call("list_locations");
    expect(result.isError).toBeFalsy();
    expect(messages.map((m) => m.level)).toEqual(["warning"]);
    expect(String(messages[0]?.data)).toMatch(/1 record\(s\) bookingtime sent for .* left out/);
  });

  it("sends at info and above before any logging/setLevel", async () => {
    h.sandbox.failNext({ status: 502, match: SHOW });
    await h.call("get_organization");
    expect(messages.map((m) => m.level)).toEqual(["info"]);
  });

  it('setLevel "error" silences them; "warning" keeps only warnings', async () => {
    await setLevel("error");
    h.sandbox.failNext({ status: 503, match: SHOW });
    h.sandbox.failNext({ status: 429, match: SHOW, headers: { "retry-after": "0" } });
    expect((await h.call("get_organization")).isError).toBeFalsy();
    expect(messages).toEqual([]);
    await setLevel("warning");
    h.sandbox.failNext({ status: 503, match: SHOW });
    h.sandbox.failNext({ status: 429, match: SHOW, headers: { "retry-after": "0" } });
    expect((await h.call("get_organization")).isError).toBeFalsy();
    expect(messages.map((m) => m.level)).toEqual(["warning"]);
  });

  it("a call without trouble sends nothing", async () => {
    await setLevel("debug");
    await h.call("list_services");
    expect(messages).toEqual([]);
  });
});
