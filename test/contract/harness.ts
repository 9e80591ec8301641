import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createLogger } from "../../src/logger.js";
import { createRuntime } from "../../src/runtime.js";
import { SecretRegistry } from "../../src/secrets.js";
import { createServer } from "../../src/server.js";
import { LogCapture } from "../helpers/log-capture.js";
import type { Json, Upstream } from "./upstream.js";

/** The organization of sdk-wire.json. */
export const ORG = "f6123456789101112131415aBCdeFgHi";

export interface ContractHarness {
  logs: LogCapture;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * The real server (runtime, client, tools) over the SDK's in-memory MCP transport, talking HTTP
 * to a loopback bookingtime that answers with bookingtime's own payloads. A new harness is a new
 * process as far as the server can tell: nothing in memory survives.
 */
export async function contractHarness(
  upstream: Upstream,
  options: { locale?: string; now?: number } = {},
): Promise<ContractHarness> {
  const logs = new LogCapture();
  const secrets = new SecretRegistry();
  const logger = createLogger("debug", secrets, logs);
  const runtime = createRuntime(
    {
      apiUrl: upstream.apiUrl,
      authUrl: upstream.authUrl,
      clientId: "CLIENT",
      clientSecret: "SECRET",
      locale: options.locale ?? "en",
      timeoutMs: 2_000,
    },
    logger,
    secrets,
  );
  const now = options.now;
  const server = createServer({
    client: runtime.client,
    bookings: runtime.bookings,
    defaultOrganizationId: ORG,
    logger,
    secrets,
    ...(now === undefined ? {} : { now: () => now }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "contract-test", version: "1.0.0" });
  await server.connect(serverSide);
  await client.connect(clientSide);
  // The SDK client checks each result's structuredContent against the listed outputSchema,
  // but only for tools it has listed: every scenario here is checked that way.
  await client.listTools();
  return {
    logs,
    call: (name, args = {}) =>
      client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    async close() {
      await client.close();
      await server.close();
      await runtime.close();
    },
  };
}

export const data = (r: CallToolResult): Json => r.structuredContent;

export function textOf(result: CallToolResult): string {
  return result.content
    .filter((c): c is { type: "text"; text: string } => c.type === "text")
    .map((c) => c.text)
    .join("\n");
}
