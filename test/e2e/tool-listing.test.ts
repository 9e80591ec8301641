import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { selectTools, TOOLS } from "../../src/tools/registry.js";
import { toolListing } from "../../src/tools/support/listing.js";

const DIST = new URL("../../dist/", import.meta.url);
const BIN = fileURLToPath(new URL("index.js", DIST));

async function listedBy(args: string[]) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, "--sandbox", ...args],
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn" },
    stderr: "pipe",
  });
  const client = new Client({ name: "e2e-listing", version: "1.0.0" });
  await client.connect(transport);
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
  }
}

describe("tools/list of the build, precomputed at build time", () => {
  it("ships the listing file next to the bundle", () => {
    expect(existsSync(new URL("tool-listing.json", DIST))).toBe(true);
  });

  it("equals the listing converted from the sources, in full and for a selection", async () => {
    expect(await listedBy([])).toEqual(toolListing(TOOLS));
    expect(await listedBy(["--read-only"])).toEqual(
      toolListing(selectTools(TOOLS, { readOnly: true })),
    );
  });
});
