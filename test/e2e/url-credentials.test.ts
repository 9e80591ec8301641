import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const PASSWORD = "url-pass-0123456789";

describe("credentials in BOOKINGTIME_API_URL / BOOKINGTIME_AUTH_URL", () => {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
  });

  it("are never logged: the start line shows the URL without its user:pass@", async () => {
    let stderr = "";
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      env: {
        PATH: process.env.PATH ?? "",
        LOG_LEVEL: "trace",
        BOOKINGTIME_CLIENT_ID: "client-id",
        BOOKINGTIME_CLIENT_SECRET: "client-secret-value-4711",
        BOOKINGTIME_API_URL: `https://proxy-user:${PASSWORD}@api.example.test/app/v3`,
        BOOKINGTIME_AUTH_URL: `https://proxy-user:${PASSWORD}@auth.example.test/oauth/token`,
      },
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const client = new Client({ name: "e2e-url", version: "1.0.0" });
    await client.connect(transport);
    await client.listTools();
    await client.close();
    expect(stderr).toContain("ready on stdio");
    expect(stderr).toContain("api.example.test/app/v3");
    expect(stderr).not.toContain(PASSWORD);
    expect(stderr).not.toContain("client-secret-value-4711");
  });
});
