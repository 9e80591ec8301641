import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import { BIN, launchBinary, until } from "../helpers/binary.js";

/** The bound: the process is gone before this fires (it normally takes tens of ms). */
const STOP_BUDGET_MS = 2_000;

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
});

function launch(args: string[], env: Record<string, string> = {}) {
  const launched = launchBinary(args, {
    LOG_LEVEL: "debug",
    BOOKINGTIME_MCP_TOKEN_FILE: join(tmpdir(), `bookingtime-mcp-stop-${process.pid}`, "token"),
    ...env,
  });
  running.push(launched.child);
  return launched;
}

/** Whether the process exits before a generous timer fires; the timer never decides the pass alone. */
function exitsWithin(child: ChildProcess, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "e2e", version: "1" },
  },
};

/** Started and ready; then its host stops reading stderr and the server logs on into the void. */
async function startWithDeadLogReader(mode: "stdio" | "http") {
  const server = launch(mode === "stdio" ? ["--sandbox"] : ["--sandbox", "--http", "--port", "0"]);
  if (mode === "stdio") {
    server.send(initialize);
    await until(() => server.stdout().includes('"id":1'), "the initialize answer");
  } else {
    await until(() => server.stderr().includes("listening"), "the listening line");
  }
  const listening = server
    .stderr()
    .split("\n")
    .find((line) => line.includes("listening"));
  server.child.stderr?.destroy();
  // Log lines for these requests now go to a pipe nobody reads.
  if (mode === "stdio") {
    for (let id = 2; id < 12; id++) server.send({ jsonrpc: "2.0", id, method: "ping" });
    await until(() => server.stdout().includes('"id":11'), "the ping answers");
  } else {
    const { port } = JSON.parse(listening ?? "{}") as { port: number };
    for (let i = 0; i < 10; i++) {
      const res = await request(`http://127.0.0.1:${port}/healthz`);
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    }
  }
  return server;
}

describe("stops with a dead log reader", () => {
  for (const mode of ["stdio", "http"] as const) {
    it(`${mode}: closing stdin ends the process within 2 s`, async () => {
      const { child } = await startWithDeadLogReader(mode);
      child.stdin?.end();
      expect(await exitsWithin(child, STOP_BUDGET_MS)).toBe(true);
    });

    it(`${mode}: SIGTERM ends the process within 2 s`, async () => {
      const { child } = await startWithDeadLogReader(mode);
      child.kill("SIGTERM");
      expect(await exitsWithin(child, STOP_BUDGET_MS)).toBe(true);
      expect(child.exitCode).toBe(0);
    });
  }
});

describe("stops with a log reader that stopped reading", () => {
  it("stdio: closing stdin ends the process within 2 s though stderr is full", async () => {
    // stderr is piped but never read: once the pipe is full, every write would block.
    const server = launchBinary(["--sandbox"], { LOG_LEVEL: "trace" }, [], { readStderr: false });
    running.push(server.child);
    server.send(initialize);
    await until(() => server.stdout().includes('"id":1'), "the initialize answer");
    // A call logs some 350 bytes at trace level: 300 are about 100 KB, over the 64 KiB a pipe
    // holds, so lines still wait in the server's buffer when stdin closes. No more than that: the
    // answers must come in under any load, and the pipe's content is checked below.
    for (let id = 2; id <= 301; id++) {
      server.send({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: { name: "get_organization" },
      });
    }
    await until(() => server.stdout().includes('"id":301'), "the tool call answers");
    server.child.stdin?.end();
    expect(await exitsWithin(server.child, STOP_BUDGET_MS)).toBe(true);
    // The channel was full: it holds only part of what the server logged (300 calls log over
    // 90 KB at trace level). How much a full one holds depends on the kind (a pipe holds 64 KiB;
    // newer Node versions give a child a socket pair, which holds less of many small writes).
    let held = 0;
    for await (const chunk of server.child.stderr ?? []) held += (chunk as Buffer).length;
    expect(held).toBeGreaterThan(8 * 1024);
    expect(held).toBeLessThan(90 * 1024);
  });
});

/** The structured result of a tools/call answered on stdout. */
function resultOf(server: ReturnType<typeof launch>, id: number): Record<string, unknown> {
  const line = server
    .stdout()
    .split("\n")
    .find((l) => l.startsWith("{") && (JSON.parse(l) as { id?: unknown }).id === id);
  return (JSON.parse(line ?? "{}") as { result?: Record<string, unknown> }).result ?? {};
}

describe("closing stdin with calls in flight", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await Sandbox.start();
  });
  afterAll(() => sandbox.close());

  it("writes the answers of calls still running before exiting", async () => {
    const server = launch([], {
      BOOKINGTIME_CLIENT_ID: SANDBOX_DEFAULT_CLIENT.clientId,
      BOOKINGTIME_CLIENT_SECRET: SANDBOX_DEFAULT_CLIENT.clientSecret,
      BOOKINGTIME_ORGANIZATION_ID: SANDBOX_ORGANIZATIONS.acme,
      BOOKINGTIME_API_URL: sandbox.apiUrl,
      BOOKINGTIME_AUTH_URL: sandbox.authUrl,
    });
    server.send(initialize);
    await until(() => server.stdout().includes('"id":1'), "the initialize answer");
    server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    // Held by the emulator until stdin has closed: every call is in flight at the stop, and
    // nothing here waits on a clock (the server's own grace for calls in flight is 1 s).
    const gates = Array.from({ length: 5 }, () =>
      sandbox.holdNext({ match: { method: "POST", pathIncludes: "/customer" } }),
    );
    const before = sandbox.addedCustomers(SANDBOX_ORGANIZATIONS.acme).length;
    for (let i = 0; i < 5; i++) {
      server.send({
        jsonrpc: "2.0",
        id: 10 + i,
        method: "tools/call",
        params: { name: "add_customer", arguments: { firstName: `Late${i}`, lastName: "Caller" } },
      });
    }
    await Promise.all(gates.map((gate) => gate.reached));
    const exited = once(server.child, "exit");
    server.child.stdin?.end();
    for (const gate of gates) gate.release();
    const [code] = await exited;
    expect(code).toBe(0);
    expect(sandbox.addedCustomers(SANDBOX_ORGANIZATIONS.acme).length - before).toBe(5);
    const answered = server
      .stdout()
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as { id: number; result?: { isError?: boolean } })
      .filter((msg) => msg.id >= 10);
    expect(answered.map((msg) => msg.id).sort()).toEqual([10, 11, 12, 13, 14]);
    for (const msg of answered) expect(msg.result?.isError).toBeFalsy();
  });

  it("a booking still waiting on bookingtime is answered as cut, audited unknown, and the process is gone within 2 s", async () => {
    const auditFile = join(mkdtempSync(join(tmpdir(), "bt-stop-audit-")), "audit.jsonl");
    const server = launch([], {
      BOOKINGTIME_CLIENT_ID: SANDBOX_DEFAULT_CLIENT.clientId,
      BOOKINGTIME_CLIENT_SECRET: SANDBOX_DEFAULT_CLIENT.clientSecret,
      BOOKINGTIME_ORGANIZATION_ID: SANDBOX_ORGANIZATIONS.acme,
      BOOKINGTIME_API_URL: sandbox.apiUrl,
      BOOKINGTIME_AUTH_URL: sandbox.authUrl,
      BOOKINGTIME_TIMEOUT_MS: "30000",
      BOOKINGTIME_MCP_AUDIT_FILE: auditFile,
    });
    server.send(initialize);
    await until(() => server.stdout().includes('"id":1'), "the initialize answer");
    server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    const call = (id: number, name: string, args: Record<string, unknown>) =>
      server.send({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });
    call(2, "find_free_slots", { serviceId: SANDBOX_BOOKING.acme.haircut, detail: true });
    call(3, "add_customer", { firstName: "Hung", lastName: "Booking" });
    // Both: under load the customer (one request) can be answered before the slots (several).
    await until(
      () => server.stdout().includes('"id":2') && server.stdout().includes('"id":3'),
      "the slot and customer answers",
    );
    const slots = resultOf(server, 2).structuredContent as {
      slots: Array<{ options: Array<{ slotId: string }> }>;
    };
    const customer = (resultOf(server, 3).structuredContent as { customer: { id: string } })
      .customer;
    const slotId = slots.slots[0]?.options[0]?.slotId;
    expect(slotId).toBeDefined();
    sandbox.loseAnswerNext({ how: "hang", match: { pathIncludes: "appointment/add" } });
    call(4, "book_appointment", { slotId, customerId: customer.id });
    await until(
      () => sandbox.requests.some((r) => r.method === "POST" && r.path.endsWith("appointment/add")),
      "the booking to reach bookingtime",
    );
    server.child.stdin?.end();
    expect(await exitsWithin(server.child, STOP_BUDGET_MS)).toBe(true);
    const cut = resultOf(server, 4) as { isError?: boolean; content?: Array<{ text: string }> };
    expect(cut.isError).toBe(true);
    expect(cut.content?.[0]?.text).toMatch(/stopping.*outcome|whether it took effect is unknown/s);
    expect(cut.content?.[0]?.text).toMatch(
      /\nWhat to do: .*list_appointments.*repeating book_appointment is safe/,
    );
    const lines = readFileSync(auditFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.tool === "book_appointment")).toMatchObject([
      { outcome: "unknown", reason: "cut_at_shutdown", ids: { slotId } },
    ]);
  });
});
