import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import type { AuditLog, AuditRecord } from "../../src/audit/audit.js";
import { bookingSteps, data, MONDAY_8AM } from "../helpers/booking.js";
import { type Harness, startHarness } from "../helpers/harness.js";

/**
 * Cancellation and progress through the official SDK client, against the emulator on 127.0.0.1.
 * No timers: the emulator holds a request until released, and the server's own "tool call" log
 * line says when a call has ended.
 */
const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;
// Monday 23 March to Wednesday 22 April: two month lists (March's rest, April).
const RANGE = { from: "2026-03-23", to: "2026-04-22" };
const MONTH = { serviceId: A.haircut, ...RANGE };

let h: Harness;
const records: AuditRecord[] = [];
const audit: AuditLog = { write: (r) => void records.push(r), close: () => undefined };
const { customer, slots } = bookingSteps(() => h);

beforeAll(async () => {
  h = await startHarness({ audit });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.reconnect({ audit });
  h.sandbox.reset();
  h.sandbox.clock.set(MONDAY_8AM);
  records.length = 0;
});

/** The server's last line for a call: logged in the registry's finally, whatever happened. */
const ended = (tool: string, from: number) =>
  h.logs.until((e) => e.msg === "tool call" && e.tool === tool, from) as Promise<{
    outcome: string;
  }>;

/** Every message the client receives from now on, before the SDK routes it. */
function received(): JSONRPCMessage[] {
  const messages: JSONRPCMessage[] = [];
  const transport = h.client.transport;
  if (!transport) throw new Error("not connected");
  const route = transport.onmessage;
  transport.onmessage = (message, extra) => {
    messages.push(message);
    route?.(message, extra);
  };
  return messages;
}

const answers = (messages: JSONRPCMessage[]) =>
  messages.filter((m) => "id" in m && ("result" in m || "error" in m));

function call(name: string, args: Record<string, unknown>, signal?: AbortSignal) {
  return h.client.callTool({ name, arguments: args }, undefined, signal ? { signal } : {});
}

describe("a cancelled call", () => {
  it("find_free_slots over a month sends no slot request once cancelled while it reads the service", async () => {
    const held = h.sandbox.holdNext({ match: { pathIncludes: "/bookingTemplate/" } });
    const stop = new AbortController();
    const from = h.logs.lines.length;
    const pending = call("find_free_slots", MONTH, stop.signal);
    await held.reached;
    stop.abort("the user changed their mind");
    await expect(pending).rejects.toThrow();
    // undici gave the held request up: its socket closed before an answer.
    await held.abandoned;
    held.release();
    expect((await ended("find_free_slots", from)).outcome).toBe("cancelled");
    expect(h.sandbox.requests.filter((r) => r.path.includes("/bookingSlot/"))).toEqual([]);
  });

  it("find_free_slots abandons its slot lists in flight and sends nothing after them", async () => {
    const holds = [
      h.sandbox.holdNext({ match: { pathIncludes: "/bookingSlot/" } }),
      h.sandbox.holdNext({ match: { pathIncludes: "/bookingSlot/" } }),
    ];
    const stop = new AbortController();
    const messages = received();
    const from = h.logs.lines.length;
    const pending = call("find_free_slots", MONTH, stop.signal);
    await Promise.all(holds.map((held) => held.reached));
    const sent = h.sandbox.requests.length;
    stop.abort();
    await expect(pending).rejects.toThrow();
    await Promise.all(holds.map((held) => held.abandoned));
    for (const held of holds) held.release();
    expect((await ended("find_free_slots", from)).outcome).toBe("cancelled");
    await h.client.ping();
    // Nothing more upstream (no retry, no explanation lookup), no answer of any kind.
    expect(h.sandbox.requests).toHaveLength(sent);
    expect(answers(messages).filter((m) => !isPing(m))).toEqual([]);
    const logged = h.logs.entries().slice(from);
    expect(logged.filter((e) => (e.level as number) >= 50)).toEqual([]);
    const requests = logged.filter((e) => e.msg === "upstream request");
    expect(requests.filter((e) => e.attempt !== 1)).toEqual([]);
    // The abandoned lists are logged as cancelled (debug), not as a timeout or a broken connection.
    expect(requests.filter((e) => e.status === "cancelled")).toHaveLength(2);
  });

  it("book_appointment whose POST was sent completes it: one appointment, one request, one audit line", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    records.length = 0;
    const held = h.sandbox.holdNext({
      match: { method: "POST", pathIncludes: "/appointment/add" },
    });
    const stop = new AbortController();
    const messages = received();
    const from = h.logs.lines.length;
    const pending = call("book_appointment", { slotId: slot.id, customerId }, stop.signal);
    await held.reached;
    stop.abort();
    await expect(pending).rejects.toThrow();
    held.release();
    expect((await ended("book_appointment", from)).outcome).toBe("ok");
    await h.client.ping();
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
    const posts = h.logs
      .entries()
      .slice(from)
      .filter((e) => e.msg === "upstream request" && e.method === "POST");
    expect(posts).toHaveLength(1);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ tool: "book_appointment", outcome: "done" });
    expect(answers(messages).filter((m) => !isPing(m))).toEqual([]);
  });

  it("book_appointment cancelled before its POST sends none and books nothing", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    records.length = 0;
    // The lookup of an earlier booking under its customId comes first.
    const held = h.sandbox.holdNext({ match: { pathIncludes: "/identify" } });
    const stop = new AbortController();
    const from = h.logs.lines.length;
    const pending = call("book_appointment", { slotId: slot.id, customerId }, stop.signal);
    await held.reached;
    stop.abort();
    await expect(pending).rejects.toThrow();
    await held.abandoned;
    held.release();
    expect((await ended("book_appointment", from)).outcome).toBe("cancelled");
    expect(
      h.sandbox.requests.filter((r) => r.method === "POST" && r.path.includes("/appointment/")),
    ).toEqual([]);
    expect(h.sandbox.appointments(acme)).toEqual([]);
    expect(records).toEqual([expect.objectContaining({ outcome: "refused", reason: "cancelled" })]);
  });
});

describe("a repeat joined to a cancelled booking", () => {
  it("books for itself when the first caller cancelled before anything was sent", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    const held = h.sandbox.holdNext({ match: { pathIncludes: "/identify" } });
    const stop = new AbortController();
    const args = { slotId: slot.id, customerId };
    const first = call("book_appointment", args, stop.signal);
    await held.reached;
    const second = call("book_appointment", args);
    // Two turns of the event loop: the second call has joined the first (it sends nothing first).
    for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    stop.abort();
    await expect(first).rejects.toThrow();
    await held.abandoned;
    held.release();
    const r = (await second) as CallToolResult;
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(data(r).appointment.id).toBeTruthy();
    expect(h.sandbox.appointments(acme)).toHaveLength(1);
  });
});

const isPing = (m: JSONRPCMessage) =>
  "result" in m && Object.keys((m as { result: object }).result).length === 0;

interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

async function withProgress(name: string, args: Record<string, unknown>) {
  const seen: Progress[] = [];
  const result = await h.client.callTool({ name, arguments: args }, undefined, {
    onprogress: (p) => void seen.push(p),
  });
  return { result, seen };
}

function expectOrdered(seen: Progress[]) {
  expect(seen.length).toBeGreaterThan(0);
  for (const [i, p] of seen.entries()) {
    expect(p.message).toMatch(/\w/);
    expect(p.total).toBeGreaterThanOrEqual(p.progress);
    if (i > 0) expect(p.progress).toBeGreaterThan(seen[i - 1]?.progress as number);
  }
  const last = seen.at(-1) as Progress;
  expect(last.progress).toBe(last.total);
}

describe("progress", () => {
  it("find_free_slots over a month counts each slot list, in order, to the total", async () => {
    const { result, seen } = await withProgress("find_free_slots", MONTH);
    expect(result.isError).toBeFalsy();
    expectOrdered(seen);
    expect(seen.map((p) => p.message)).toEqual([
      expect.stringMatching(/^checked the free-slot list of (March|April) 2026 \(1 of 2\)$/),
      expect.stringMatching(/^checked the free-slot list of (March|April) 2026 \(2 of 2\)$/),
    ]);
  });

  it("book_appointment by time reports its checks, the booking and the confirmation", async () => {
    const customerId = await customer();
    const { result, seen } = await withProgress("book_appointment", {
      serviceId: A.haircut,
      date: "2026-03-24",
      start: "10:00",
      customerId,
      notes: "Short, please",
    });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expectOrdered(seen);
    expect(seen.map((p) => p.message)).toEqual([
      "checked the service (1 of 6)",
      "checked for an earlier booking (2 of 6)",
      "checked that the time is free (3 of 6)",
      "booked (4 of 6)",
      "saved the notes (5 of 6)",
      "confirmed the booking",
    ]);
  });

  it("a repeated booking ends at the total although it books nothing", async () => {
    const customerId = await customer();
    const [slot] = await slots({ from: "2026-03-24" });
    await call("book_appointment", { slotId: slot.id, customerId });
    const { seen } = await withProgress("book_appointment", { slotId: slot.id, customerId });
    expectOrdered(seen);
    expect(seen.at(-1)).toMatchObject({ progress: 3, total: 3 });
  });

  it("list_appointments over a month counts its lists", async () => {
    const { result, seen } = await withProgress("list_appointments", RANGE);
    expect(result.isError).toBeFalsy();
    expectOrdered(seen);
    expect(seen.at(-1)).toMatchObject({ progress: 2, total: 2 });
  });

  it("none is sent without a progressToken", async () => {
    const messages = received();
    const customerId = await customer();
    await call("find_free_slots", MONTH);
    await call("book_appointment", {
      serviceId: A.haircut,
      date: "2026-03-24",
      start: "10:00",
      customerId,
    });
    expect(data((await call("list_appointments", RANGE)) as CallToolResult).total).toBe(1);
    expect(messages.filter((m) => "method" in m && m.method === "notifications/progress")).toEqual(
      [],
    );
  });
});
