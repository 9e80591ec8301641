import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import type { AuditRecord } from "../../src/audit/audit.js";
import { data, flatSlots, MONDAY_8AM } from "../helpers/booking.js";
import {
  type HttpHarness,
  newToken,
  RPC_HEADERS,
  startHttpHarness,
} from "../helpers/http-harness.js";

/**
 * Progress, client log lines and cancellation over remote mode (stateless Streamable HTTP),
 * through the official SDK client against the emulator on 127.0.0.1. No timers: the emulator
 * holds requests until released, and the server's "tool call" log line says when a call ended.
 */
const A = SANDBOX_BOOKING.acme;
// Two month lists (March's rest, April), as in cancel-progress.test.ts.
const MONTH = { serviceId: A.haircut, from: "2026-03-23", to: "2026-04-22" };
const SLOTS = { pathIncludes: "/bookingSlot/" };

interface Post {
  method: string | undefined;
  id: unknown;
  status: number;
  type: string | null;
}

/** An SDK client over HTTP whose POSTs (JSON-RPC method, id, status, Content-Type) are recorded. */
async function connect(h: HttpHarness, token: string) {
  const posts: Post[] = [];
  const transport = new StreamableHTTPClientTransport(new URL(h.http.url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    fetch: async (url, init) => {
      const res = await fetch(url, init);
      if (init?.method === "POST") {
        const body = JSON.parse(String(init.body)) as { method?: string; id?: unknown };
        const type = res.headers.get("content-type");
        posts.push({ method: body.method, id: body.id, status: res.status, type });
      }
      return res;
    },
  });
  const client = new Client({ name: "http-progress", version: "1.0.0" });
  await client.connect(transport);
  const logged: LoggingMessageNotification["params"][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logged.push(n.params);
  });
  return { client, posts, logged };
}

describe("remote mode: progress, client logging and cancellation", () => {
  const tokenA = newToken();
  const tokenB = newToken();
  let sandbox: Sandbox;
  let h: HttpHarness;
  const clients: Client[] = [];
  const records: AuditRecord[] = [];

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    h = await startHttpHarness(sandbox, {
      tokens: [tokenA, tokenB],
      audit: { write: (r) => void records.push(r), close: () => undefined },
      sandboxClock: true,
      requestTimeoutMs: 60_000,
      upstreamTimeoutMs: 15_000,
    });
  });
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.clearFaults();
    sandbox.clock.set(MONDAY_8AM);
  });
  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  });

  async function caller(token: string) {
    const c = await connect(h, token);
    clients.push(c.client);
    return c;
  }

  const toolPosts = (posts: Post[]) => posts.filter((p) => p.method === "tools/call");
  const ended = (from: number) =>
    h.logs.until((e) => e.msg === "tool call" && e.tool === "find_free_slots", from) as Promise<{
      outcome: string;
    }>;

  it("streams find_free_slots' progress over a month in order, to the total, then the result", async () => {
    const { client, posts } = await caller(tokenA);
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await client.callTool({ name: "find_free_slots", arguments: MONTH }, undefined, {
      onprogress: (p) => void seen.push(p),
    });
    expect(result.isError).toBeFalsy();
    expect(seen.map((p) => [p.progress, p.total])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(seen.map((p) => p.message)).toEqual([
      expect.stringMatching(/^checked the free-slot list of (March|April) 2026 \(1 of 2\)$/),
      expect.stringMatching(/^checked the free-slot list of (March|April) 2026 \(2 of 2\)$/),
    ]);
    expect(toolPosts(posts)).toEqual([
      expect.objectContaining({ status: 200, type: "text/event-stream" }),
    ]);
  });

  it("answers a call without a progressToken as plain JSON, with no progress", async () => {
    const { client, posts } = await caller(tokenA);
    const result = await client.callTool({ name: "find_free_slots", arguments: MONTH });
    expect(result.isError).toBeFalsy();
    expect(toolPosts(posts)).toEqual([
      expect.objectContaining({ status: 200, type: "application/json" }),
    ]);
  });

  it("carries a 429 retry's notifications/message on the stream, without secrets", async () => {
    const { client, logged } = await caller(tokenA);
    sandbox.failNext({ status: 429, match: SLOTS, headers: { "retry-after": "0" } });
    const result = await client.callTool({ name: "find_free_slots", arguments: MONTH }, undefined, {
      onprogress: () => {},
    });
    expect(result.isError).toBeFalsy();
    // (A reset sandbox also revoked the tokens: their renewals are reported at info.)
    expect(logged.filter((m) => m.level === "warning")).toEqual([
      expect.objectContaining({
        logger: "bookingtime",
        data: expect.stringContaining("rate limiting this app (429)"),
      }),
    ]);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(SANDBOX_DEFAULT_CLIENT.clientSecret);
    expect(text).not.toContain(tokenA);
    expect(text).not.toMatch(/sbx[ar]_/);
  });

  it("a cancelled find_free_slots abandons its slot lists and asks for no more", async () => {
    const { client, posts } = await caller(tokenA);
    const holds = [sandbox.holdNext({ match: SLOTS }), sandbox.holdNext({ match: SLOTS })];
    const stop = new AbortController();
    const from = h.logs.lines.length;
    const pending = client.callTool({ name: "find_free_slots", arguments: MONTH }, undefined, {
      signal: stop.signal,
    });
    await Promise.all(holds.map((held) => held.reached));
    const sent = sandbox.requests.length;
    stop.abort("the user changed their mind");
    await expect(pending).rejects.toThrow();
    // The notifications/cancelled POST reached the call: undici gave both held lists up.
    await Promise.all(holds.map((held) => held.abandoned));
    for (const held of holds) held.release();
    expect((await ended(from)).outcome).toBe("cancelled");
    await client.ping();
    expect(sandbox.requests).toHaveLength(sent);
    expect(posts.filter((p) => p.method === "notifications/cancelled")).toEqual([
      expect.objectContaining({ status: 202 }),
    ]);
    // The held POST was closed as an SSE stream that carries no answer.
    expect(toolPosts(posts)).toEqual([
      expect.objectContaining({ status: 200, type: "text/event-stream" }),
    ]);
  });

  it("a cancelled streamed call ends its stream without an answer", async () => {
    const { client, posts } = await caller(tokenA);
    const held = sandbox.holdNext({ match: SLOTS });
    const stop = new AbortController();
    const from = h.logs.lines.length;
    const seen: number[] = [];
    const pending = client.callTool({ name: "find_free_slots", arguments: MONTH }, undefined, {
      signal: stop.signal,
      onprogress: (p) => void seen.push(p.progress),
    });
    await held.reached;
    stop.abort();
    await expect(pending).rejects.toThrow();
    await held.abandoned;
    held.release();
    expect((await ended(from)).outcome).toBe("cancelled");
    expect(toolPosts(posts)).toEqual([
      expect.objectContaining({ status: 200, type: "text/event-stream" }),
    ]);
    expect(seen.length).toBeLessThan(2);
  });

  it("another caller's cancel naming the same request id does nothing", async () => {
    const { client, posts } = await caller(tokenA);
    const held = sandbox.holdNext({ match: SLOTS });
    const pending = client.callTool({ name: "find_free_slots", arguments: MONTH });
    await held.reached;
    // The SDK client numbers its requests: initialize 0, this call 1 (asserted below).
    const cancel = (token: string) =>
      h.raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
        body: JSON.stringify({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: 1, reason: "not yours" },
        }),
      });
    expect((await cancel(tokenB)).status).toBe(202);
    held.release();
    const result = await pending;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toBeDefined();
    expect(toolPosts(posts)).toEqual([expect.objectContaining({ id: 1, status: 200 })]);
    // The same cancel from the call's own caller does reach a call: see the tests above.
  });

  it("a book_appointment cancelled after its POST books once and is audited once", async () => {
    const { client, posts } = await caller(tokenA);
    const added = await client.callTool({
      name: "add_customer",
      arguments: { firstName: "Ada", lastName: "Lovelace" },
    });
    const found = await client.callTool({
      name: "find_free_slots",
      arguments: { serviceId: A.haircut, from: "2026-03-24", detail: true },
    });
    const [slot] = flatSlots(data(found as never));
    records.length = 0;
    const held = sandbox.holdNext({ match: { method: "POST", pathIncludes: "/appointment/add" } });
    const stop = new AbortController();
    const from = h.logs.lines.length;
    const pending = client.callTool(
      {
        name: "book_appointment",
        arguments: { slotId: slot.id, customerId: data(added as never).customer.id },
      },
      undefined,
      { signal: stop.signal },
    );
    await held.reached;
    stop.abort();
    await expect(pending).rejects.toThrow();
    // The cancel reached the call while its POST was held by bookingtime.
    const cancel = await h.logs.until((e) => e.msg === "notifications/cancelled", from);
    expect(cancel.cancelled).toBe(true);
    held.release();
    const end = await h.logs.until(
      (e) => e.msg === "tool call" && e.tool === "book_appointment",
      from,
    );
    expect(end.outcome).toBe("ok");
    expect(sandbox.appointments(SANDBOX_ORGANIZATIONS.acme)).toHaveLength(1);
    expect(records).toEqual([
      expect.objectContaining({ tool: "book_appointment", outcome: "done" }),
    ]);
    await client.ping();
    // Its answer was dropped: the held POST ended as a stream without one.
    expect(toolPosts(posts).at(-1)).toMatchObject({ status: 200, type: "text/event-stream" });
  });

  it("a client that closes a streamed call's POST cancels the call", async () => {
    const held = sandbox.holdNext({ match: SLOTS });
    const from = h.logs.lines.length;
    const gone = new AbortController();
    const request = h.raw("/mcp", {
      headers: { ...RPC_HEADERS, authorization: `Bearer ${tokenA}` },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 5,
        method: "tools/call",
        params: { name: "find_free_slots", arguments: MONTH, _meta: { progressToken: "p" } },
      }),
      signal: gone.signal,
    });
    await held.reached;
    gone.abort();
    await expect(request).rejects.toThrow();
    await held.abandoned;
    held.release();
    expect((await ended(from)).outcome).toBe("cancelled");
  });
});
