import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import {
  ALL,
  type AuthorizationServer,
  startAuthorizationServer,
} from "../helpers/authorization-server.js";
import { BIN, until } from "../helpers/binary.js";

const SECRET = "e2e-client-secret-0123456789abcdefghijklmnop";
let as: AuthorizationServer;
let child: ChildProcess;
let stderr = "";
let port: number;
let auditFile: string;

/** A port nothing listens on right now: the resource URL must be known before the server starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
  as = await startAuthorizationServer([
    { clientId: "e2e-agent", clientSecret: SECRET, scope: ALL },
    { clientId: "e2e-reader", clientSecret: SECRET, scope: "bookingtime:read" },
  ]);
  port = await freePort();
  auditFile = join(mkdtempSync(join(tmpdir(), "bt-e2e-audit-")), "audit.jsonl");
  child = spawn(process.execPath, [BIN, "--http", "--sandbox", "--port", String(port)], {
    env: {
      PATH: process.env.PATH ?? "",
      BOOKINGTIME_MCP_OAUTH_ISSUER: as.issuer,
      BOOKINGTIME_MCP_RESOURCE_URL: `http://127.0.0.1:${port}/mcp`,
      BOOKINGTIME_MCP_AUDIT_FILE: auditFile,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  await until(() => stderr.includes("listening") || child.exitCode !== null, "the server");
  if (child.exitCode !== null) throw new Error(`the server did not start:\n${stderr}`);
});
afterAll(async () => {
  if (child?.exitCode === null) child.kill("SIGKILL");
  await as?.close();
});

function connect(clientId: string, scope: string): Promise<Client> {
  const authProvider = new ClientCredentialsProvider({
    clientId,
    clientSecret: SECRET,
    scope,
    expectedIssuer: as.issuer,
  });
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
    authProvider,
  });
  const client = new Client({ name: "e2e-oauth", version: "1.0.0" });
  return client.connect(transport).then(() => client);
}

describe("the official SDK client's OAuth support against the built binary", () => {
  it("finds the authorization server from the 401, gets a token for this resource, and calls tools", async () => {
    const client = await connect("e2e-agent", ALL);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(15);
    const org = (await client.callTool({ name: "get_organization" })) as CallToolResult;
    expect(org.isError, JSON.stringify(org.content)).toBeFalsy();
    expect(org.structuredContent).toMatchObject({
      organization: { id: SANDBOX_ORGANIZATIONS.acme },
    });
    const added = (await client.callTool({
      name: "add_customer",
      arguments: { firstName: "Grace", lastName: "Hopper" },
    })) as CallToolResult;
    expect(added.isError, JSON.stringify(added.content)).toBeFalsy();
    await client.close();

    // The write is in the audit file, naming the token's subject; no token anywhere in the logs.
    const lines = readFileSync(auditFile, "utf8").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      caller: "e2e-agent",
      clientId: "e2e-agent",
      tool: "add_customer",
      outcome: "done",
    });
    // The access log names the caller (pino writes it asynchronously).
    await until(() => /"caller":"e2e-agent"/.test(stderr), "the access log line naming the caller");
    expect(stderr).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
    expect(stderr).not.toContain(SECRET);
  });

  it("a client granted only bookingtime:read sees only the read tools", async () => {
    const client = await connect("e2e-reader", "bookingtime:read");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("add_customer");
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    await client.close();
  });
});
