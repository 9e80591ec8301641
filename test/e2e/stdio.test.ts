import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import { TOOLS } from "../../src/tools/registry.js";

const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** The binary's environment: nothing from this process but PATH, so config comes only from here. */
function env(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", ...extra };
}

describe("built binary over stdio", () => {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
  });

  it("prints --version on stdout for a person at a terminal, then exits 0", async () => {
    const child = spawn(process.execPath, [BIN, "--version"], { env: env({}) });
    const out = collect(child, "stdout");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  describe("with --sandbox", () => {
    let client: Client;
    let stderr = "";
    beforeAll(async () => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [BIN, "--sandbox"],
        env: env({ LOG_LEVEL: "debug" }),
        stderr: "pipe",
      });
      transport.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      client = new Client({ name: "e2e", version: "1.0.0" });
      await client.connect(transport);
    });
    afterAll(() => client.close());

    it("lists every tool with titles, annotations and output schemas", async () => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
      for (const tool of tools) {
        expect(tool.title).toBeTruthy();
        expect(tool.outputSchema).toBeDefined();
        expect(Object.keys(tool.annotations ?? {})).toEqual(
          expect.arrayContaining([
            "readOnlyHint",
            "destructiveHint",
            "idempotentHint",
            "openWorldHint",
          ]),
        );
      }
    });

    it("calls both tools against the embedded sandbox", async () => {
      const org = (await client.callTool({ name: "get_organization" })) as CallToolResult;
      expect(org.isError).toBeFalsy();
      expect(org.structuredContent).toMatchObject({
        organization: { id: SANDBOX_ORGANIZATIONS.acme, name: "ACME" },
      });
      const added = (await client.callTool({
        name: "add_customer",
        arguments: { firstName: "John", lastName: "Doe" },
      })) as CallToolResult;
      expect(added.isError).toBeFalsy();
      expect(added.structuredContent).toMatchObject({
        customer: { id: expect.stringMatching(/^d3/), name: "John Doe" },
      });
    });

    it("lists the demo app's organizations and completes organization ids (the app id comes with --sandbox)", async () => {
      const listed = (await client.callTool({ name: "list_organizations" })) as CallToolResult;
      expect(listed.isError).toBeFalsy();
      expect(listed.structuredContent).toMatchObject({ source: "app" });
      const { completion } = await client.complete({
        ref: { type: "ref/resource", uri: "bookingtime://organization/{id}" },
        argument: { name: "id", value: "glob" },
      });
      expect(completion.values).toEqual([SANDBOX_ORGANIZATIONS.globex]);
    });

    // Log lines are batched; closing proves they are all written by the time the server exits.
    it("says on stderr that it is a sandbox, and logs no token", async () => {
      await client.close();
      await vi.waitFor(() => expect(stderr).toContain('"msg":"shutting down"'));
      expect(stderr).toMatch(/SANDBOX MODE/);
      expect(stderr).toContain('"msg":"upstream request"');
      expect(stderr).not.toMatch(/sbx[ar]_/);
    });
  });

  describe("configured only through the environment, against a separate emulator", () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await Sandbox.start();
    });
    afterAll(() => sandbox.close());

    const configured = (extra: Record<string, string> = {}) =>
      env({
        BOOKINGTIME_CLIENT_ID: SANDBOX_DEFAULT_CLIENT.clientId,
        BOOKINGTIME_CLIENT_SECRET: SANDBOX_DEFAULT_CLIENT.clientSecret,
        BOOKINGTIME_ORGANIZATION_ID: SANDBOX_ORGANIZATIONS.acme,
        BOOKINGTIME_API_URL: sandbox.apiUrl,
        BOOKINGTIME_AUTH_URL: sandbox.authUrl,
        LOG_LEVEL: "debug",
        ...extra,
      });

    it("writes only JSON-RPC to stdout, no secret to stderr, and exits when stdin closes", async () => {
      const child = spawn(process.execPath, [BIN], {
        env: configured(),
        stdio: ["pipe", "pipe", "pipe"],
      });
      const out = collect(child, "stdout");
      const err = collect(child, "stderr");
      const send = (msg: object) => child.stdin?.write(`${JSON.stringify(msg)}\n`);
      send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      });
      await waitFor(() => out().includes('"id":1'));
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
      send({
        jsonrpc: "2.0",
        id: 3,
        method: "tools/call",
        params: { name: "get_organization", arguments: {} },
      });
      send({
        jsonrpc: "2.0",
        id: 4,
        method: "tools/call",
        params: { name: "add_customer", arguments: { firstName: "Jane", lastName: "Roe" } },
      });
      await waitFor(() => out().includes('"id":4'));
      const exit = once(child, "exit");
      child.stdin?.end();
      const [code] = await exit;
      expect(code).toBe(0);

      const lines = out()
        .split("\n")
        .filter((l) => l !== "");
      expect(lines.length).toBe(4);
      for (const line of lines) {
        const msg = JSON.parse(line) as { jsonrpc: string; id: number; result?: unknown };
        expect(msg.jsonrpc).toBe("2.0");
        expect(msg.result).toBeDefined();
      }
      expect(sandbox.stats.grants).toBeGreaterThanOrEqual(1);
      expect(sandbox.addedCustomers(SANDBOX_ORGANIZATIONS.acme).length).toBeGreaterThanOrEqual(1);

      const logs = err();
      expect(logs).toContain('"msg":"token granted"');
      expect(logs).not.toContain(SANDBOX_DEFAULT_CLIENT.clientSecret);
      expect(logs).not.toMatch(/sbx[ar]_/);
      expect(logs.toLowerCase()).not.toContain("bearer");
    });

    it.each([
      [
        "the missing client id",
        () => env({ BOOKINGTIME_API_URL: sandbox.apiUrl }),
        "BOOKINGTIME_CLIENT_ID",
        "",
      ],
      [
        "a malformed timeout",
        () => configured({ BOOKINGTIME_TIMEOUT_MS: "soon" }),
        "BOOKINGTIME_TIMEOUT_MS",
        "soon",
      ],
      [
        "a malformed organization id",
        () => configured({ BOOKINGTIME_ORGANIZATION_ID: "sekrit-1234" }),
        "BOOKINGTIME_ORGANIZATION_ID",
        "sekrit-1234",
      ],
    ])(
      "stops on %s, naming the variable on stderr and printing nothing on stdout",
      async (_, childEnv, variable, value) => {
        const child = spawn(process.execPath, [BIN], {
          env: childEnv(),
          stdio: ["pipe", "pipe", "pipe"],
        });
        const out = collect(child, "stdout");
        const err = collect(child, "stderr");
        const [code] = await once(child, "exit");
        expect(code).toBe(2);
        expect(out()).toBe("");
        expect(err()).toContain(variable);
        if (value) expect(err()).not.toContain(value);
      },
    );
  });
});

function collect(child: ChildProcess, stream: "stdout" | "stderr"): () => string {
  let text = "";
  child[stream]?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return () => text;
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the server");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
