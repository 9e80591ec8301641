import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";

const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const { acme } = SANDBOX_ORGANIZATIONS;

// biome-ignore lint/suspicious/noExplicitAny: tool results are checked field by field below
type Json = any;

let sandbox: Sandbox;

/** The built server as its own process, against the emulator running in this one. */
async function server(): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN],
    env: {
      PATH: process.env.PATH ?? "",
      LOG_LEVEL: "warn",
      BOOKINGTIME_API_URL: sandbox.apiUrl,
      BOOKINGTIME_AUTH_URL: sandbox.authUrl,
      BOOKINGTIME_CLIENT_ID: SANDBOX_DEFAULT_CLIENT.clientId,
      BOOKINGTIME_CLIENT_SECRET: SANDBOX_DEFAULT_CLIENT.clientSecret,
      BOOKINGTIME_ORGANIZATION_ID: acme,
      // Long enough that the first server is still waiting when it is killed.
      BOOKINGTIME_TIMEOUT_MS: "60000",
    },
    stderr: "pipe",
  });
  const client = new Client({ name: "e2e-restart", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Json> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.structuredContent;
}

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
  sandbox = await Sandbox.start();
});
afterAll(() => sandbox?.close());

it("a server killed between appointment/add and its answer, restarted, returns the existing appointment for the same idempotencyKey", async () => {
  const first = await server();
  const customer = await call(first.client, "add_customer", {
    firstName: "Ada",
    lastName: "Restart",
  });
  const from = new Date(sandbox.clock.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const free = await call(first.client, "find_free_slots", {
    serviceId: SANDBOX_BOOKING.acme.haircut,
    from,
    to: new Date(Date.parse(from) + 6 * 86_400_000).toISOString().slice(0, 10),
    detail: true,
  });
  const args = {
    slotId: free.slots[0].options[0].slotId,
    customerId: customer.customer.id,
    idempotencyKey: "restart-4711",
  };
  // bookingtime books it; its answer never reaches the server.
  sandbox.loseAnswerNext({ how: "hang", match: { pathIncludes: "appointment/add" } });
  const pending = first.client.callTool({ name: "book_appointment", arguments: args });
  pending.catch(() => undefined);
  await vi.waitFor(() => expect(sandbox.appointments(acme)).toHaveLength(1), {
    timeout: 15_000,
    interval: 50,
  });
  const pid = first.transport.pid;
  expect(pid).toBeGreaterThan(0);
  process.kill(pid as number, "SIGKILL");
  await first.client.close().catch(() => undefined);

  const second = await server();
  try {
    const again = await call(second.client, "book_appointment", args);
    const [stored] = sandbox.appointments(acme);
    expect(again).toMatchObject({ repeated: true, appointment: { id: stored?.id } });
    expect(sandbox.appointments(acme)).toHaveLength(1);
  } finally {
    await second.client.close();
  }
});
