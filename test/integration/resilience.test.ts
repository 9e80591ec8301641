import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const ADD = { method: "POST", pathIncludes: "/customer/add" };
const SHOW = { method: "GET", pathIncludes: "/show" };

/**
 * A deadline the test expects to pass is never a real-time bound: only the two timeout tests use a
 * short upstream timeout, where a loaded machine can only make the timeout come sooner. Every
 * other test gets a timeout no loaded run reaches (a 10 MB body on a busy 2-core box took >500 ms).
 */
const PATIENT_MS = 10_000;
const SHORT_MS = 500;

describe("upstream failures", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeoutMs: PATIENT_MS });
  });
  afterAll(() => h.close());
  /** For the tests that wait for the timeout itself; the token is fetched again under it. */
  const withShortTimeout = () => h.reconnect({ timeoutMs: SHORT_MS });
  beforeEach(async () => {
    h.sandbox.reset();
    await h.reconnect({ timeoutMs: PATIENT_MS });
    // Warm the token cache so that request counts below are about the API call only.
    await h.call("get_organization");
    h.sandbox.requests.length = 0;
  });

  const apiRequests = (path: string) => h.sandbox.requests.filter((r) => r.path.includes(path));

  it("retries a read on 503 and succeeds", async () => {
    h.sandbox.failNext({ status: 503, times: 2, match: SHOW });
    const result = await h.call("get_organization");
    expect(result.isError).toBeFalsy();
    expect(apiRequests("/show").map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("gives up on a read after two retries and says what happened", async () => {
    h.sandbox.failNext({ status: 502, times: 5, match: SHOW });
    const result = await h.call("get_organization");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("502");
    expect(apiRequests("/show")).toHaveLength(3);
  });

  it("sends a write that failed with 500 exactly once and says it may have been applied", async () => {
    h.sandbox.failNext({ status: 500, match: ADD });
    const result = await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("500");
    expect(textOf(result)).toMatch(/not retried/);
    expect(apiRequests("/customer/add")).toHaveLength(1);
  });

  it("sends a write whose connection dropped exactly once", async () => {
    h.sandbox.dropNext({ match: ADD });
    const result = await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/may already have been applied/);
    expect(apiRequests("/customer/add")).toHaveLength(1);
  });

  it("sends a write that timed out exactly once", async () => {
    await withShortTimeout();
    h.sandbox.delayNext({ ms: 1_500, match: ADD });
    const result = await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/did not answer in time/);
    expect(apiRequests("/customer/add")).toHaveLength(1);
  });

  it("times out a hanging read instead of waiting forever", async () => {
    await withShortTimeout();
    h.sandbox.hangNext({ match: SHOW });
    const result = await h.call("get_organization");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/did not answer in time \(no complete answer within 500 ms\)/);
  });

  it("reports a non-JSON answer with its status", async () => {
    h.sandbox.malformedNext({ status: 200, match: SHOW });
    const result = await h.call("get_organization");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("answered 200 with a body that is not bookingtime JSON");
    expect(textOf(result)).not.toContain("<html>");
  });

  it("refuses an answer over 10 MB and names the status", async () => {
    h.sandbox.oversizedNext({ match: SHOW });
    const result = await h.call("get_organization");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/answered 200 with a body over 10 MB/);
  });

  it("waits out a short Retry-After on a read", async () => {
    h.sandbox.failNext({ status: 429, headers: { "retry-after": "0" }, match: SHOW });
    const result = await h.call("get_organization");
    expect(result.isError).toBeFalsy();
    expect(apiRequests("/show").map((r) => r.status)).toEqual([429, 200]);
  });

  it("surfaces every upstream message with its parameter", async () => {
    h.sandbox.failNext({
      status: 422,
      match: ADD,
      body: {
        messageList: [
          { class: "MESSAGE", type: "failure", parameter: "email", text: "Already in use." },
          { class: "MESSAGE", type: "failure", parameter: null, text: "Customer limit reached." },
        ],
        content: null,
      },
    });
    const result = await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain("422");
    expect(text).toContain("- email: Already in use.");
    expect(text).toContain("- Customer limit reached.");
    expect(h.sandbox.addedCustomers(acme)).toHaveLength(0);
  });

  it("redacts a token that bookingtime quotes back in its messages or error body", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    h.sandbox.failNext({
      status: 400,
      match: ADD,
      body: {
        messageList: [
          { type: "failure", parameter: null, text: `Token ${jwt} not allowed here.` },
          { type: "failure", parameter: "header", text: "Got Bearer abc123secret" },
        ],
        content: null,
      },
    });
    h.sandbox.malformedNext({ status: 200, match: SHOW, body: `<p>Bearer ${jwt}</p>` });
    const results = [
      await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" }),
      await h.call("get_organization"),
    ];
    const everything = JSON.stringify(results) + h.logs.text;
    expect(textOf(results[0] ?? { content: [] })).toContain("Token [redacted] not allowed here.");
    expect(everything).not.toContain(jwt);
    expect(everything).not.toContain("abc123secret");
  });

  it("keeps the messages of an error envelope that has no content key", async () => {
    h.sandbox.failNext({
      status: 422,
      match: ADD,
      body: { messageList: [{ type: "failure", parameter: "email", text: "Email already used." }] },
    });
    const text = textOf(await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" }));
    expect(text).toContain("- email: Email already used.");
    expect(text).not.toMatch(/may already have been applied/);
  });

  it("says a non-JSON 4xx changed nothing and points at the API URL", async () => {
    h.sandbox.malformedNext({ status: 404, match: ADD });
    const text = textOf(await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" }));
    expect(text).toContain("answered 404 with a body that is not bookingtime JSON");
    expect(text).toContain("BOOKINGTIME_API_URL");
    expect(text).not.toMatch(/may already have been applied/);
  });

  it("does not follow a redirect and names the API URL to check", async () => {
    h.sandbox.failNext({ status: 301, headers: { location: "http://elsewhere/" }, match: SHOW });
    const text = textOf(await h.call("get_organization"));
    expect(text).toContain("301");
    expect(text).toContain("BOOKINGTIME_API_URL");
  });

  it("tells how long to wait when the rate limit outlasts what a read may wait", async () => {
    h.sandbox.failNext({ status: 429, headers: { "retry-after": "1" }, match: ADD });
    const text = textOf(await h.call("add_customer", { firstName: "Ada", lastName: "Lovelace" }));
    expect(text).toContain("Wait 1 second before trying again.");
    expect(apiRequests("/customer/add")).toHaveLength(1);
  });

  it("logs each tool call at info and each upstream request at debug", async () => {
    await h.call("get_organization");
    const entries = h.logs.entries();
    const call = entries.findLast((e) => e.msg === "tool call");
    expect(call).toMatchObject({ level: 30, tool: "get_organization", outcome: "ok" });
    expect(typeof call?.ms).toBe("number");
    const upstream = entries.findLast((e) => e.msg === "upstream request");
    expect(upstream).toMatchObject({ level: 20, method: "GET", status: 200, attempt: 1 });
    expect(String(upstream?.path)).toContain(`/organization/${acme}/show`);
  });
});
