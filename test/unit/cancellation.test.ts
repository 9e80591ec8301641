import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressFor } from "../../src/tools/support/call-control.js";
import { Steps } from "../../src/tools/support/progress.js";
import { withCallScope } from "../../src/upstream/call-scope.js";
import { CallCancelledError, writeSending } from "../../src/upstream/cancellation.js";
import { type HttpMethod, send, TransportError } from "../../src/upstream/http.js";
import { type RetryPolicy, withRetry } from "../../src/upstream/retry.js";

/** A server that holds every request until the test answers it; it counts closed sockets. */
let server: Server;
let url: string;
const held: Array<{ req: IncomingMessage; res: ServerResponse }> = [];
let arrived: (() => void) | undefined;
const agent = new Agent();

beforeAll(async () => {
  server = createServer((req, res) => {
    held.push({ req, res });
    arrived?.();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await agent.close();
});

const nextArrival = () =>
  new Promise<void>((resolve) => {
    arrived = resolve;
  });
const request = (method: HttpMethod) =>
  send(agent, { method, url, headers: {}, body: undefined, timeoutMs: 60_000 });

describe("send: the call's cancellation and the request's deadline in one signal", () => {
  it("abandons a read when its call is cancelled, as a cancel, not a transport failure", async () => {
    const caller = new AbortController();
    const arrival = nextArrival();
    const pending = withCallScope({ signal: caller.signal }, () => request("GET"));
    await arrival;
    const { req } = held.at(-1) as { req: IncomingMessage };
    const closed = new Promise((resolve) => req.socket.once("close", resolve));
    caller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCancelledError);
    expect(error).not.toBeInstanceOf(TransportError);
    await closed;
  });

  it("lets a write it already sent complete, and reads after it too", async () => {
    const caller = new AbortController();
    const arrival = nextArrival();
    const pending = withCallScope({ signal: caller.signal }, async () => {
      writeSending();
      const write = await request("POST");
      // After the write, a read-back of its outcome is not abandoned either.
      const readBack = nextArrival();
      const read = request("GET");
      await readBack;
      held.at(-1)?.res.end("read");
      return [write, await read];
    });
    await arrival;
    caller.abort();
    held.at(-1)?.res.end("written");
    const [write, read] = await pending;
    expect(write?.body.toString()).toBe("written");
    expect(read?.body.toString()).toBe("read");
  });

  it("refuses to send a write for a call already cancelled", async () => {
    const caller = new AbortController();
    caller.abort();
    await withCallScope({ signal: caller.signal }, async () => {
      expect(() => writeSending()).toThrow(CallCancelledError);
    });
  });

  it("still answers timeouts as timeouts", async () => {
    // Whether or not the request got there before its deadline: the server never answers.
    const pending = withCallScope({ signal: new AbortController().signal }, () =>
      send(agent, { method: "GET", url, headers: {}, timeoutMs: 50 }),
    );
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).reason).toBe("timeout");
  });
});

describe("withRetry after a cancel", () => {
  // A wait long enough that only a cancel can end it within the test.
  const LONG: RetryPolicy = {
    maxRetries: 2,
    baseDelayMs: 600_000,
    maxDelayMs: 600_000,
    maxRetryAfterMs: 0,
  };
  const busy = { status: 503, headers: {}, body: Buffer.from("{}") };

  it("neither waits nor repeats a read whose call is cancelled during the backoff", async () => {
    const caller = new AbortController();
    let attempts = 0;
    const pending = withCallScope({ signal: caller.signal }, () =>
      withRetry(LONG, {
        repeatable: true,
        followsCall: true,
        attempt: async () => {
          attempts += 1;
          queueMicrotask(() => caller.abort());
          return busy;
        },
      }),
    );
    await expect(pending).rejects.toBeInstanceOf(CallCancelledError);
    expect(attempts).toBe(1);
  });

  it("does not stop a token request shared with other calls", async () => {
    const caller = new AbortController();
    caller.abort();
    const policy = { ...LONG, baseDelayMs: 0, maxDelayMs: 0 };
    let attempts = 0;
    const res = await withCallScope({ signal: caller.signal }, () =>
      withRetry(policy, {
        repeatable: true,
        attempt: async () => (++attempts < 2 ? busy : { ...busy, status: 200 }),
      }),
    );
    expect(res.status).toBe(200);
    expect(attempts).toBe(2);
  });
});

describe("progress", () => {
  type Sent = { method: string; params: Record<string, unknown> };
  const extraWith = (meta: Record<string, unknown> | undefined, sent: Sent[]) =>
    ({
      signal: new AbortController().signal,
      _meta: meta,
      sendNotification: async (n: Sent) => void sent.push(n),
    }) as never;

  it("is absent without a progressToken, so nothing is sent", () => {
    const sent: Sent[] = [];
    expect(progressFor(extraWith(undefined, sent))).toBeUndefined();
    expect(progressFor(extraWith({}, sent))).toBeUndefined();
  });

  it("sends only increasing values up to the total, with the caller's token", () => {
    const sent: Sent[] = [];
    const progress = progressFor(extraWith({ progressToken: "t1" }, sent));
    progress?.(1, 3, "one");
    progress?.(1, 3, "again");
    progress?.(5, 3, "past the total");
    progress?.(3, 3, "done");
    expect(sent.map((n) => [n.method, n.params.progressToken, n.params.progress])).toEqual([
      ["notifications/progress", "t1", 1],
      ["notifications/progress", "t1", 3],
    ]);
  });

  it("Steps counts, grows and ends at the total when steps were skipped", () => {
    const seen: Array<[number, number, string]> = [];
    const steps = new Steps((d, t, m) => void seen.push([d, t, m]), 1);
    steps.step("first");
    steps.expect(3);
    steps.step("second");
    steps.finish("done early");
    steps.step("late");
    expect(seen).toEqual([
      [1, 1, "first (1 of 1)"],
      [2, 4, "second (2 of 4)"],
      [4, 4, "done early"],
    ]);
  });

  it("a step is where a cancelled call stops", async () => {
    const caller = new AbortController();
    caller.abort();
    await withCallScope({ signal: caller.signal }, async () => {
      expect(() => new Steps(undefined, 2).step("next")).toThrow(CallCancelledError);
    });
  });
});
