import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export const ENTRY = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** The sandbox module from the build, so the bench measures exactly what ships. */
export async function loadSandbox() {
  return import(new URL("../../dist/sandbox/index.js", import.meta.url).href);
}

/** A bench client the sandbox permits on every organization except Initech. */
export function benchCredentials(SANDBOX_ORGANIZATIONS) {
  const { acme, globex, umbrella } = SANDBOX_ORGANIZATIONS;
  return {
    clientId: "bench-client",
    clientSecret: "bench-secret",
    organizations: [acme, globex, umbrella],
  };
}

/** Environment that points the server at a sandbox started by the bench, as a real deployment would. */
export function serverEnv(sandbox, creds, extra = {}) {
  return {
    PATH: process.env.PATH ?? "",
    BOOKINGTIME_API_URL: sandbox.apiUrl,
    BOOKINGTIME_AUTH_URL: sandbox.authUrl,
    BOOKINGTIME_CLIENT_ID: creds.clientId,
    BOOKINGTIME_CLIENT_SECRET: creds.clientSecret,
    ...extra,
  };
}

/**
 * The built server as an MCP client launches it. stderr is piped and drained like a client's
 * log capture, so logging costs what it costs in real use.
 */
export async function connectStdio(env, args = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, ...args],
    env,
    stderr: "pipe",
  });
  transport.stderr?.on("data", () => {});
  const client = new Client({ name: "bookingtime-bench", version: "1.0.0" });
  await client.connect(transport);
  return { client, pid: transport.pid, close: () => client.close() };
}

export function getOrganization(client, organizationId) {
  return client.callTool({
    name: "get_organization",
    arguments: organizationId ? { organizationId } : {},
  });
}

/** A tool result counts as an error when the call threw or the server flagged it. */
export function assertOk(result) {
  if (result.isError) {
    throw new Error(`tool error: ${result.content?.[0]?.text ?? "no text"}`);
  }
  return result;
}
