import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { type CallToolResult, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import {
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
  type SandboxOptions,
} from "../../packages/bookingtime-emulator/src/index.js";
import type { AuditLog } from "../../src/audit/audit.js";
import { createLogger } from "../../src/logger.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { SecretRegistry } from "../../src/secrets.js";
import { createServer } from "../../src/server.js";
import type { ToolSelection } from "../../src/tools/registry.js";
import { LogCapture } from "./log-capture.js";

export interface HarnessOptions {
  organizationId?: string | undefined;
  timeoutMs?: number;
  clientId?: string;
  clientSecret?: string;
  /** BOOKINGTIME_LOCALE; "en" when absent. */
  locale?: string;
  /** --read-only / --toolsets as the server would get them from its configuration. */
  tools?: ToolSelection;
  /** BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION / BOOKINGTIME_ALLOWED_ORGANIZATIONS. */
  requireHumanConfirmation?: boolean;
  allowedOrganizations?: readonly string[];
  /** BOOKINGTIME_APP_ID: the organizations the app is installed in feed list_organizations. */
  appId?: string;
  /** The emulator's answer shapes: its own, or those of bookingtime's SDK mocks. */
  shapes?: "default" | "sdk";
  /** Where write calls are audited (none when absent). */
  audit?: AuditLog;
  /** Connect as a client that supports elicitation, answering with this function. */
  elicit?: (message: string) => { action: "accept" | "decline" | "cancel"; confirm?: boolean };
}

export interface Harness {
  sandbox: Sandbox;
  runtime: Runtime;
  client: Client;
  logs: LogCapture;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Rebuilds server and runtime with other options against the same sandbox. */
  reconnect(options: HarnessOptions): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server over the SDK's in-memory transport, talking HTTP on 127.0.0.1 to the
 * project's bookingtime emulator. Only the MCP hop is in memory.
 */
export async function startHarness(
  options: HarnessOptions = {},
  /** The emulator's own options, e.g. `{ shapes: "sdk" }`. */
  sandboxOptions: SandboxOptions = {},
): Promise<Harness> {
  const sandbox = await Sandbox.start({
    ...(options.shapes ? { shapes: options.shapes } : {}),
    ...sandboxOptions,
  });
  const logs = new LogCapture();
  let current = await connect(sandbox, logs, options);
  return {
    sandbox,
    logs,
    get runtime() {
      return current.runtime;
    },
    get client() {
      return current.client;
    },
    call: (name, args = {}) =>
      current.client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    async reconnect(next) {
      await current.close();
      current = await connect(sandbox, logs, next);
    },
    async close() {
      await current.close();
      await sandbox.close();
    },
  };
}

async function connect(sandbox: Sandbox, logs: LogCapture, options: HarnessOptions) {
  const secrets = new SecretRegistry();
  const logger = createLogger("debug", secrets, logs);
  const runtime = createRuntime(
    {
      apiUrl: sandbox.apiUrl,
      authUrl: sandbox.authUrl,
      clientId: options.clientId ?? SANDBOX_DEFAULT_CLIENT.clientId,
      clientSecret: options.clientSecret ?? SANDBOX_DEFAULT_CLIENT.clientSecret,
      locale: options.locale ?? "en",
      timeoutMs: options.timeoutMs ?? 2_000,
    },
    logger,
    secrets,
  );
  const server = createServer({
    client: runtime.client,
    bookings: runtime.bookings,
    writes: runtime.writes,
    defaultOrganizationId:
      "organizationId" in options ? options.organizationId : SANDBOX_ORGANIZATIONS.acme,
    logger,
    secrets,
    tools: options.tools,
    requireHumanConfirmation: options.requireHumanConfirmation,
    allowedOrganizations: options.allowedOrganizations,
    appId: options.appId,
    audit: options.audit,
    // The server's "today" follows the sandbox's clock, as it would follow the real one.
    now: () => sandbox.clock.now(),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client(
    { name: "integration-test", version: "1.0.0" },
    options.elicit ? { capabilities: { elicitation: {} } } : {},
  );
  const { elicit } = options;
  if (elicit) {
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      const { action, confirm } = elicit(req.params.message);
      return action === "accept" ? { action, content: { confirm: confirm === true } } : { action };
    });
  }
  await server.connect(serverSide);
  await client.connect(clientSide);
  // The SDK client checks each result's structuredContent against the listed outputSchema,
  // but only for tools it has listed: every scenario here is checked that way.
  await client.listTools();
  return {
    runtime,
    client,
    async close() {
      await client.close();
      await server.close();
      await runtime.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content
    .filter((c): c is { type: "text"; text: string } => c.type === "text")
    .map((c) => c.text)
    .join("\n");
}
