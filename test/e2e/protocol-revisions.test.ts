import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttpTransport,
} from "@modelcontextprotocol/client";
import { StdioClientTransport as ModernStdioTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBinary, until } from "../helpers/binary.js";

/**
 * MCP 2026-07-28 (no handshake, no session, confirmation through a multi-round-trip request)
 * and 2025-11-25 (initialize, elicitation as a server request), each through its official
 * client, on the same built binary: stdio and remote mode.
 */
const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const ZONE = "Europe/Berlin";
const MODERN = "2026-07-28";

// biome-ignore lint/suspicious/noExplicitAny: tool results are checked field by field below
type Json = any;
type Answer = "accept" | "decline";
type Call = (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;

/** Monday, Thursday and Sunday of the ISO week after today's, in the organization's zone. */
function nextWeek() {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date());
  const base = new Date(`${today}T12:00:00Z`);
  const toMonday = ((8 - base.getUTCDay()) % 7 || 7) * 86_400_000;
  const day = (n: number) =>
    new Date(base.getTime() + toMonday + n * 86_400_000).toISOString().slice(0, 10);
  return { monday: day(0), thursday: day(3), sunday: day(6) };
}

function ok(result: CallToolResult, name: string): Json {
  const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  expect(result.isError, `${name} failed: ${text}`).toBeFalsy();
  return result.structuredContent;
}

/** service → slot → customer → book → list → move; returns what cancel needs. */
async function bookAndMove(call: Call, lastName: string, confirm?: boolean) {
  const week = nextWeek();
  const services = ok(await call("list_services"), "list_services");
  const haircut = services.services.find((s: Json) => s.name === "Haircut");
  const free = ok(
    await call("find_free_slots", {
      serviceId: haircut.id,
      from: week.monday,
      to: week.sunday,
      detail: true,
    }),
    "find_free_slots",
  );
  const slot = free.slots[0];
  const person = { firstName: "Grace", lastName, customId: `rev-${lastName}` };
  const found = ok(await call("find_customers", { query: `Grace ${lastName}` }), "find");
  expect(found.total).toBe(0);
  const customer = ok(await call("add_customer", person), "add_customer").customer;
  const booked = ok(
    await call("book_appointment", { slotId: slot.options[0].slotId, customerId: customer.id }),
    "book_appointment",
  ).appointment;
  expect(booked).toMatchObject({ status: "booked", start: slot.start });
  const listed = ok(await call("list_appointments", { customerId: customer.id }), "list");
  expect(listed.appointments.map((a: Json) => a.id)).toEqual([booked.id]);
  const later = ok(
    await call("find_free_slots", { serviceId: haircut.id, from: week.thursday, detail: true }),
    "find_free_slots",
  );
  const target = later.slots[0];
  const moved = ok(
    await call("move_appointment", {
      appointmentId: booked.id,
      slotId: target.options[0].slotId,
      ...(confirm ? { confirm } : {}),
    }),
    "move_appointment",
  );
  expect(moved).toMatchObject({ moved: true, appointment: { id: booked.id, start: target.start } });
  return { appointmentId: booked.id as string, start: target.start as string };
}

const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill();
});

/** `--http --sandbox --insecure-no-auth` on a free port; resolves to its /mcp URL. */
async function startRemote(): Promise<URL> {
  const child = spawn(
    process.execPath,
    [BIN, "--http", "--sandbox", "--insecure-no-auth", "--port", "0"],
    { env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  running.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  for (let waited = 0; ; waited += 20) {
    const line = stderr.split("\n").find((l) => l.includes("listening"));
    if (line) return new URL(`http://127.0.0.1:${JSON.parse(line).port}/mcp`);
    if (child.exitCode !== null || waited > 15_000) throw new Error(`no start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The 2.x client pinned to 2026-07-28; the user answers each confirmation with `answers()`. */
async function modernClient(
  transport: ModernStdioTransport | ModernHttpTransport,
  asked: string[],
  answers: () => Answer,
) {
  const client = new ModernClient(
    { name: "e2e-2026", version: "1.0.0" },
    { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: MODERN } } },
  );
  client.setRequestHandler("elicitation/create", async (request) => {
    asked.push(request.params.message);
    const action = answers();
    return action === "accept" ? { action, content: { confirm: true } } : { action };
  });
  await client.connect(transport);
  return client;
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
});

describe("MCP 2026-07-28 through the official 2.x client", () => {
  let client: ModernClient | undefined;
  afterEach(() => client?.close());

  it("stdio: discovers, then books, moves and cancels with the user asked through MRTR", async () => {
    const asked: string[] = [];
    client = await modernClient(
      new ModernStdioTransport({
        command: process.execPath,
        args: [BIN, "--sandbox"],
        env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn" },
        stderr: "ignore",
      }),
      asked,
      () => "accept",
    );
    expect(client.getNegotiatedProtocolVersion()).toBe(MODERN);
    expect(client.getServerVersion()).toMatchObject({ name: "bookingtime-mcp" });
    const call: Call = async (name, args = {}) =>
      (await client?.callTool({ name, arguments: args })) as CallToolResult;
    const { appointmentId, start } = await bookAndMove(call, "Stdio");
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^Move the "Haircut" appointment of "Grace Stdio"/);
    const canceled = ok(await call("cancel_appointment", { appointmentId }), "cancel");
    expect(canceled.canceled).toBe(true);
    expect(asked[1]).toContain(start);
    const shown = ok(await call("get_appointment", { appointmentId }), "get_appointment");
    expect(shown.appointment.status).toBe("canceled");
  });

  it("HTTP: the cancel confirmation reaches the user; a decline cancels nothing, a yes cancels", async () => {
    const url = await startRemote();
    const asked: string[] = [];
    let answer: Answer = "accept";
    client = await modernClient(new ModernHttpTransport(url), asked, () => answer);
    expect(client.getNegotiatedProtocolVersion()).toBe(MODERN);
    const call: Call = async (name, args = {}) =>
      (await client?.callTool({ name, arguments: args })) as CallToolResult;
    const { appointmentId } = await bookAndMove(call, "Remote");
    expect(asked).toHaveLength(1);

    answer = "decline";
    // The model's confirm: true does not stand in for the person's answer.
    const declined = ok(
      await call("cancel_appointment", { appointmentId, confirm: true }),
      "cancel_appointment",
    );
    expect(declined).toMatchObject({ canceled: false, reason: "the user did not confirm." });
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatch(/^Cancel the "Haircut" appointment of "Grace Remote"/);
    const kept = ok(await call("get_appointment", { appointmentId }), "get_appointment");
    expect(kept.appointment.status).toBe("booked");

    answer = "accept";
    const canceled = ok(await call("cancel_appointment", { appointmentId }), "cancel");
    expect(canceled.canceled).toBe(true);
    expect(asked).toHaveLength(3);
    const gone = ok(await call("get_appointment", { appointmentId }), "get_appointment");
    expect(gone.appointment.status).toBe("canceled");
  });
});

describe("MCP 2025-11-25 through the 1.x client, on the same binaries", () => {
  it("HTTP: the booking scenario with confirm: true (the stateless handshake era cannot ask)", async () => {
    const url = await startRemote();
    const client = new Client({ name: "e2e-2025", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(url));
    try {
      expect(client.getServerVersion()).toMatchObject({ name: "bookingtime-mcp" });
      const call: Call = async (name, args = {}) =>
        (await client.callTool({ name, arguments: args })) as CallToolResult;
      const { appointmentId } = await bookAndMove(call, "Legacy", true);
      const canceled = ok(await call("cancel_appointment", { appointmentId, confirm: true }), "x");
      expect(canceled.canceled).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe("both eras on one stdio process, raw JSON-RPC", () => {
  it("answers server/discover, refuses an unknown version, then still accepts initialize", async () => {
    const server = launchBinary(["--sandbox"], { LOG_LEVEL: "warn" });
    running.push(server.child);
    const answers = () =>
      server
        .stdout()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    const meta = (version: string) => ({
      "io.modelcontextprotocol/protocolVersion": version,
      "io.modelcontextprotocol/clientCapabilities": {},
    });
    server.send({
      jsonrpc: "2.0",
      id: "d",
      method: "server/discover",
      params: { _meta: meta(MODERN) },
    });
    server.send({
      jsonrpc: "2.0",
      id: "v",
      method: "tools/list",
      params: { _meta: meta("1900-01-01") },
    });
    server.send({
      jsonrpc: "2.0",
      id: "i",
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    });
    await until(() => answers().length >= 3, "three answers");
    const byId = Object.fromEntries(answers().map((a) => [a.id, a]));
    expect(byId.d.result).toMatchObject({
      resultType: "complete",
      supportedVersions: expect.arrayContaining([MODERN, "2025-11-25"]),
      capabilities: { tools: {} },
    });
    expect(byId.v.error).toMatchObject({ code: -32022, data: { requested: "1900-01-01" } });
    expect(byId.i.result).toMatchObject({ protocolVersion: "2025-11-25" });
    expect(byId.i.result.resultType).toBeUndefined();
    server.child.kill();
  });
});
