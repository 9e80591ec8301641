import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { BIN } from "../helpers/binary.js";

describe("audit trail in stdio mode (built binary)", () => {
  it("writes one line per write attempt to BOOKINGTIME_MCP_AUDIT_FILE, caller stdio, nothing on stdout", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "bt-stdio-audit-")), "audit.jsonl");
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "--sandbox"],
      env: { PATH: process.env.PATH ?? "", BOOKINGTIME_MCP_AUDIT_FILE: file },
      stderr: "pipe",
    });
    const client = new Client({ name: "e2e-audit", version: "1.0.0" });
    await client.connect(transport);
    try {
      const added = (await client.callTool({
        name: "add_customer",
        arguments: { firstName: "Grace", lastName: "Hopper" },
      })) as CallToolResult;
      expect(added.isError, JSON.stringify(added.content)).toBeFalsy();
      const refused = (await client.callTool({
        name: "book_appointment",
        arguments: { slotId: "not-a-slot", customerId: "nobody" },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
    } finally {
      await client.close();
    }
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toMatchObject([
      {
        caller: "stdio",
        tool: "add_customer",
        organization: SANDBOX_ORGANIZATIONS.acme,
        outcome: "done",
      },
      {
        caller: "stdio",
        tool: "book_appointment",
        outcome: "refused",
        reason: "invalid_arguments",
      },
    ]);
    expect(readFileSync(file, "utf8")).not.toContain("Hopper");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
