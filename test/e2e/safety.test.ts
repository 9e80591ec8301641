import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { TOOLS } from "../../src/tools/registry.js";

const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? "", ...extra });

async function toolNames(args: string[], extraEnv: Record<string, string> = {}) {
  const client = new Client({ name: "e2e-safety", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "--sandbox", ...args],
      env: env({ LOG_LEVEL: "warn", ...extraEnv }),
      stderr: "ignore",
    }),
  );
  try {
    return { names: (await client.listTools()).tools.map((t) => t.name) };
  } finally {
    await client.close();
  }
}

describe("safety switches through the built binary", () => {
  const readTools = TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name);

  it("--read-only lists no write tool", async () => {
    expect((await toolNames(["--read-only"])).names).toEqual(readTools);
  });

  it("BOOKINGTIME_READ_ONLY=true and BOOKINGTIME_TOOLSETS do the same from the environment", async () => {
    const { names } = await toolNames([], {
      BOOKINGTIME_READ_ONLY: "true",
      BOOKINGTIME_TOOLSETS: "customers",
    });
    expect(names).toEqual(["find_customers", "get_customer"]);
  });

  it("stops on an unknown toolset, listing the valid ones on stderr and nothing on stdout", async () => {
    const child = spawn(process.execPath, [BIN, "--sandbox", "--toolsets", "customers,billing"], {
      env: env(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString("utf8");
    });
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString("utf8");
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain("unknown toolset 'billing'");
    expect(err).toContain("organization, customers, appointments, services");
  });
});
