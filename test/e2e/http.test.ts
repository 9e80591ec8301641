import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";

const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const RPC_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};
const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "e2e", version: "1" },
  },
});

interface Running {
  child: ChildProcess;
  port: number;
  stderr(): string;
}

const running: ChildProcess[] = [];
/** A configured bearer token (long enough: shorter ones are refused at start). */
const T1 = "e2e-token-1-0123456789abcdefghijklmn";
const T2 = "e2e-token-2-0123456789abcdefghijklmn";

/** Starts the built binary in remote mode on a free port; resolves once it says it listens. */
async function startBinary(args: string[], env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [BIN, "--http", "--port", "0", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = stderr.split("\n").find((l) => l.includes("listening"));
    if (line) {
      const { port } = JSON.parse(line) as { port: number };
      return { child, port, stderr: () => stderr };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the server did not start:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function connect(port: number, token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "e2e-http", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function post(port: number, headers: Record<string, string>, body = INITIALIZE) {
  const res = await request(`http://127.0.0.1:${port}/mcp`, {
    method: "POST",
    headers: { ...RPC_HEADERS, ...headers },
    body,
  });
  await res.body.dump();
  return res;
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
});
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("built binary in remote mode", () => {
  it("with --sandbox and BOOKINGTIME_MCP_TOKENS: serves an authenticated client only", async () => {
    const { port, stderr } = await startBinary(["--sandbox"], { BOOKINGTIME_MCP_TOKENS: T1 });
    const client = await connect(port, T1);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["get_organization"]));
    const result = (await client.callTool({ name: "get_organization" })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      organization: { id: SANDBOX_ORGANIZATIONS.acme },
    });
    await client.close();

    const anonymous = await post(port, {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect((await post(port, { authorization: `Bearer ${T2}` })).statusCode).toBe(401);
    expect(
      (await post(port, { authorization: `Bearer ${T1}`, host: "evil.example.com" })).statusCode,
    ).toBe(403);
    expect(
      (await post(port, { authorization: `Bearer ${T1}`, origin: "https://evil.example.com" }))
        .statusCode,
    ).toBe(403);
    const health = await request(`http://127.0.0.1:${port}/healthz`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    expect(stderr()).toMatch(/SANDBOX MODE/);
    // Log lines are batched (written at least once a second), so wait for them.
    await vi.waitFor(
      () => {
        expect(stderr()).toContain('"path":"/mcp","status":401');
      },
      { timeout: 5_000 },
    );
  });

  describe("without BOOKINGTIME_MCP_TOKENS", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "bookingtime-mcp-e2e-"));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("generates a token into a file only its owner can read, and logs the path only", async () => {
      const tokenFile = join(dir, "state", "mcp-token");
      const { port, stderr } = await startBinary(["--sandbox"], {
        BOOKINGTIME_MCP_TOKEN_FILE: tokenFile,
      });
      const mode = (await stat(tokenFile)).mode & 0o777;
      expect(mode).toBe(0o600);
      const token = (await readFile(tokenFile, "utf8")).trim();
      expect(token.length).toBeGreaterThanOrEqual(40);
      expect(stderr()).toContain(tokenFile);
      expect(stderr()).not.toContain(token);

      const client = await connect(port, token);
      const result = (await client.callTool({ name: "get_organization" })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      await client.close();
      expect((await post(port, {})).statusCode).toBe(401);
      expect(stderr()).not.toContain(token);
    });

    it("stops with exit 2 and names the variables when the token file cannot be written", async () => {
      const child = spawn(process.execPath, [BIN, "--http", "--port", "0", "--sandbox"], {
        env: { PATH: process.env.PATH ?? "", BOOKINGTIME_MCP_TOKEN_FILE: join(BIN, "mcp-token") },
        stdio: ["ignore", "ignore", "pipe"],
      });
      running.push(child);
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      const [code] = await once(child, "exit");
      expect(code).toBe(2);
      expect(stderr).toContain("configuration error");
      expect(stderr).toContain("BOOKINGTIME_MCP_TOKEN_FILE");
      expect(stderr).toContain("BOOKINGTIME_MCP_TOKENS");
    });
  });

  describe("against a separate emulator", () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await Sandbox.start();
    });
    afterAll(() => sandbox.close());

    it("on SIGTERM lets calls in flight finish, then exits 0", async () => {
      const { child, port, stderr } = await startBinary([], {
        BOOKINGTIME_CLIENT_ID: SANDBOX_DEFAULT_CLIENT.clientId,
        BOOKINGTIME_CLIENT_SECRET: SANDBOX_DEFAULT_CLIENT.clientSecret,
        BOOKINGTIME_ORGANIZATION_ID: SANDBOX_ORGANIZATIONS.acme,
        BOOKINGTIME_API_URL: sandbox.apiUrl,
        BOOKINGTIME_AUTH_URL: sandbox.authUrl,
        BOOKINGTIME_MCP_TOKENS: T1,
      });
      const client = await connect(port, T1);
      await client.callTool({ name: "get_organization" });
      sandbox.requests.length = 0;
      sandbox.delayNext({ ms: 800, times: 3, match: { method: "GET", pathIncludes: "/show" } });
      const calls = Array.from(
        { length: 3 },
        () => client.callTool({ name: "get_organization" }) as Promise<CallToolResult>,
      );
      // All three have reached the emulator and are waiting on it.
      const deadline = Date.now() + 10_000;
      while (sandbox.requests.filter((r) => r.path.endsWith("/show")).length < 3) {
        if (Date.now() > deadline) throw new Error("the calls did not reach the emulator");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const results = await Promise.all(calls);
      for (const result of results) {
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({
          organization: { id: SANDBOX_ORGANIZATIONS.acme },
        });
      }
      const [code] = await exited;
      expect(code).toBe(0);
      expect(stderr()).toContain('"reason":"SIGTERM"');
      expect(stderr()).not.toContain("were cut");
      await client.close();
    });
  });

  it.each([
    [["--host", "0.0.0.0"], "BOOKINGTIME_MCP_ALLOWED_HOSTS"],
    [["--insecure-no-auth", "--host", "10.1.2.3"], "--insecure-no-auth"],
  ])("refuses to start with %j, naming what to set", async (args, expected) => {
    const child = spawn(process.execPath, [BIN, "--http", "--sandbox", ...args], {
      env: { PATH: process.env.PATH ?? "", BOOKINGTIME_MCP_TOKENS: T1 },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain(expected);
  });
});
