import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type Dispatcher, request } from "undici";
import {
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  type Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import type { Policy } from "../../src/access/policy.js";
import type { AuditLog } from "../../src/audit/audit.js";
import { BearerAuth } from "../../src/http/auth.js";
import type { ResourceServer } from "../../src/http/resource-server.js";
import { type HttpServer, startHttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/logger.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { SecretRegistry } from "../../src/secrets.js";
import type { ToolSelection } from "../../src/tools/registry.js";
import { LogCapture } from "./log-capture.js";

export interface HttpHarnessOptions {
  tokens?: string[] | undefined;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  requestTimeoutMs?: number;
  upstreamTimeoutMs?: number;
  clientSecret?: string;
  /** BOOKINGTIME_ALLOWED_ORGANIZATIONS / BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION. */
  allowedOrganizations?: readonly string[];
  requireHumanConfirmation?: boolean;
  maxConnections?: number;
  maxRequests?: number;
  /** OAuth resource-server mode. */
  resourceServer?: ResourceServer;
  policy?: Policy;
  audit?: AuditLog;
  /** --read-only / --toolsets. */
  tools?: ToolSelection;
  /** Tools see the sandbox's clock (booking flows after sandbox.clock.set). */
  sandboxClock?: boolean;
}

export interface HttpHarness {
  http: HttpServer;
  runtime: Runtime;
  logs: LogCapture;
  /** An SDK client over Streamable HTTP, sending the given bearer token and extra headers. */
  client(token?: string, headers?: Record<string, string>): Promise<Client>;
  /** A raw request to the server, for headers the SDK client does not let us choose. */
  raw(
    path: string,
    opts?: {
      method?: Dispatcher.HttpMethod;
      headers?: Record<string, string>;
      body?: string | Buffer | NodeJS.ReadableStream;
      signal?: AbortSignal;
    },
  ): Promise<{ status: number; headers: Record<string, unknown>; json: unknown }>;
  close(): Promise<void>;
}

export const newToken = (): string => `it-${randomBytes(18).toString("base64url")}`;

export const RPC_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

/** The real remote-mode server on 127.0.0.1, over a runtime talking HTTP to the emulator. */
export async function startHttpHarness(
  sandbox: Sandbox,
  opts: HttpHarnessOptions = {},
): Promise<HttpHarness> {
  const logs = new LogCapture();
  const secrets = new SecretRegistry();
  const logger = createLogger("debug", secrets, logs);
  const runtime = createRuntime(
    {
      apiUrl: sandbox.apiUrl,
      authUrl: sandbox.authUrl,
      clientId: SANDBOX_DEFAULT_CLIENT.clientId,
      clientSecret: opts.clientSecret ?? SANDBOX_DEFAULT_CLIENT.clientSecret,
      locale: "en",
      timeoutMs: opts.upstreamTimeoutMs ?? 5_000,
    },
    logger,
    secrets,
  );
  const http = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    auth: opts.tokens ? new BearerAuth(opts.tokens, secrets) : undefined,
    resourceServer: opts.resourceServer,
    policy: opts.policy,
    allowedHosts: opts.allowedHosts ?? [],
    allowedOrigins: opts.allowedOrigins ?? [],
    deps: {
      client: runtime.client,
      defaultOrganizationId: SANDBOX_ORGANIZATIONS.acme,
      logger,
      secrets,
      writes: runtime.writes,
      allowedOrganizations: opts.allowedOrganizations,
      requireHumanConfirmation: opts.requireHumanConfirmation,
      audit: opts.audit,
      tools: opts.tools,
      ...(opts.sandboxClock ? { now: () => sandbox.clock.now() } : {}),
    },
    readiness: runtime.tokens,
    requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
    ...(opts.maxConnections ? { maxConnections: opts.maxConnections } : {}),
    ...(opts.maxRequests ? { maxRequests: opts.maxRequests } : {}),
    logger,
  });
  const clients: Client[] = [];
  return {
    http,
    runtime,
    logs,
    async client(token, headers = {}) {
      const transport = new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: {
          headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        },
      });
      const client = new Client({ name: "http-integration", version: "1.0.0" });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async raw(path, { method = "POST", headers = {}, body, signal } = {}) {
      const res = await request(`http://127.0.0.1:${http.port}${path}`, {
        method,
        headers,
        body: body as never,
        ...(signal ? { signal } : {}),
      });
      const text = await res.body.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.statusCode, headers: res.headers, json };
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await http.drain(1_000);
      await runtime.close();
    },
  };
}

export const initializeBody = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
});

export function toolCallBody(name: string, args: Record<string, unknown> = {}, id = 1): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name, arguments: args },
  });
}
