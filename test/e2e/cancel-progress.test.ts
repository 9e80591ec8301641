import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import { BIN } from "../helpers/binary.js";

/**
 * The built binary over stdio with the SDK client, against an emulator in this process: a
 * cancelled call stops its reads, a sent booking completes, progress arrives. The server's own
 * "tool call" line on stderr says when a call has ended; no timers.
 */
const { acme } = SANDBOX_ORGANIZATIONS;
const DAY_MS = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
// Tomorrow and four weeks on: a month's slot lists, wholly in the future.
const MONTH = { serviceId: SANDBOX_BOOKING.acme.haircut, from: dateIn(1), to: dateIn(29) };

let sandbox: Sandbox;
let client: Client;
let stderr = "";
const auditFile = join(mkdtempSync(join(tmpdir(), "bt-cancel-audit-")), "audit.jsonl");
const waiting = new Set<() => void>();

beforeAll(async () => {
  sandbox = await Sandbox.start();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN],
    env: {
      PATH: process.env.PATH ?? "",
      BOOKINGTIME_CLIENT_ID: SANDBOX_DEFAULT_CLIENT.clientId,
      BOOKINGTIME_CLIENT_SECRET: SANDBOX_DEFAULT_CLIENT.clientSecret,
      BOOKINGTIME_ORGANIZATION_ID: acme,
      BOOKINGTIME_API_URL: sandbox.apiUrl,
      BOOKINGTIME_AUTH_URL: sandbox.authUrl,
      BOOKINGTIME_MCP_AUDIT_FILE: auditFile,
      LOG_LEVEL: "info",
    },
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    for (const check of waiting) check();
  });
  client = new Client({ name: "e2e-cancel", version: "1.0.0" });
  await client.connect(transport);
});
afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

// Calls made so far, per tool: their "tool call" lines may reach stderr after their answers.
const made: Record<string, number> = {};

/** The "tool call" line of the next call of `tool` (its lines counted from the start). */
function ended(tool: string): Promise<Record<string, unknown>> {
  const index = made[tool] ?? 0;
  return new Promise((resolve) => {
    const check = () => {
      // Complete lines only: the last piece may still be arriving.
      const lines = stderr
        .split("\n")
        .slice(0, -1)
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === "tool call" && entry.tool === tool);
      const entry = lines[index];
      if (entry) {
        waiting.delete(check);
        resolve(entry);
      }
    };
    waiting.add(check);
    check();
  });
}

// biome-ignore lint/suspicious/noExplicitAny: structured results are inspected field by field
type Json = any;
function call(name: string, args: Record<string, unknown>, signal?: AbortSignal) {
  made[name] = (made[name] ?? 0) + 1;
  return client.callTool({ name, arguments: args }, undefined, signal ? { signal } : {}) as Promise<
    CallToolResult & { structuredContent?: Json }
  >;
}

describe("built binary: cancellation and progress", () => {
  it("sends progress for a month of free slots, in order, ending at the total", async () => {
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    made.find_free_slots = (made.find_free_slots ?? 0) + 1;
    const result = await client.callTool({ name: "find_free_slots", arguments: MONTH }, undefined, {
      onprogress: (p) => void seen.push(p),
    });
    expect(result.isError).toBeFalsy();
    expect(seen.length).toBeGreaterThan(0);
    for (const [i, p] of seen.entries()) {
      expect(p.message).toMatch(/^checked the free-slot list of .+ \(\d+ of \d+\)$/);
      if (i > 0) expect(p.progress).toBeGreaterThan(seen[i - 1]?.progress as number);
    }
    expect(seen.at(-1)?.progress).toBe(seen.at(-1)?.total);
  });

  it("a cancelled find_free_slots abandons the service lookup and asks for no slot list", async () => {
    const held = sandbox.holdNext({ match: { pathIncludes: "/bookingTemplate/" } });
    const slotRequests = () => sandbox.requests.filter((r) => r.path.includes("/bookingSlot/"));
    const before = slotRequests().length;
    const stop = new AbortController();
    const done = ended("find_free_slots");
    const pending = call("find_free_slots", MONTH, stop.signal);
    await held.reached;
    stop.abort();
    await expect(pending).rejects.toThrow();
    await held.abandoned;
    held.release();
    expect((await done).outcome).toBe("cancelled");
    expect(slotRequests()).toHaveLength(before);
  });

  it("a book_appointment cancelled after its POST still books once, audited once", async () => {
    const added = await call("add_customer", { firstName: "Ada", lastName: "Cancel" });
    const customerId: string = added.structuredContent.customer.id;
    const found = await call("find_free_slots", { ...MONTH, detail: true });
    const slotId: string = found.structuredContent.slots[0].options[0].slotId;
    const bookedBefore = sandbox.appointments(acme).length;
    const held = sandbox.holdNext({ match: { method: "POST", pathIncludes: "/appointment/add" } });
    const stop = new AbortController();
    const done = ended("book_appointment");
    const pending = call("book_appointment", { slotId, customerId }, stop.signal);
    await held.reached;
    stop.abort();
    await expect(pending).rejects.toThrow();
    held.release();
    expect((await done).outcome).toBe("ok");
    expect(sandbox.appointments(acme).length - bookedBefore).toBe(1);
    const bookings = readFileSync(auditFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.tool === "book_appointment");
    expect(bookings).toEqual([expect.objectContaining({ outcome: "done" })]);
  });
});
