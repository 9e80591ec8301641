import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { toJsonSchemaCompat } from "@modelcontextprotocol/sdk/server/zod-json-schema-compat.js";
import { describe, expect, it } from "vitest";
import { serveToolList, toolListing } from "../../src/tools/listing.js";
import { TOOLS } from "../../src/tools/registry.js";

/** What the SDK itself would list for a schema, minus the dialect line the listing leaves out. */
function sdkSchema(schema: Parameters<typeof toJsonSchemaCompat>[0], io: "input" | "output") {
  const { $schema, ...rest } = toJsonSchemaCompat(schema, {
    strictUnions: true,
    pipeStrategy: io,
  }) as Record<string, unknown>;
  expect($schema).toBe("http://json-schema.org/draft-07/schema#");
  return rest;
}

describe("tools/list listings", () => {
  it.each(TOOLS.map((tool) => [tool.name, tool] as const))(
    "%s: the SDK's JSON Schemas without $schema, name, title, description and annotations",
    (_name, tool) => {
      const listing = toolListing(tool);
      expect(listing.inputSchema).toStrictEqual(sdkSchema(tool.input, "input"));
      expect(listing.outputSchema).toStrictEqual(sdkSchema(tool.output, "output"));
      expect(listing).toMatchObject({
        name: tool.name,
        title: tool.title,
        description: tool.description,
        annotations: { title: tool.title, ...tool.annotations },
      });
      expect(JSON.stringify(listing)).not.toContain("$schema");
    },
  );

  it("converts a definition once and hands out the same listing afterwards", () => {
    const [tool] = TOOLS;
    if (!tool) throw new Error("no tools registered");
    expect(toolListing(tool)).toBe(toolListing(tool));
  });

  it("leaves out a tool disabled through the SDK", async () => {
    const server = new McpServer({ name: "t", version: "1" }, { capabilities: { tools: {} } });
    const handles = TOOLS.map((tool) => {
      const handle = server.registerTool(
        tool.name,
        { inputSchema: tool.input, outputSchema: tool.output },
        async () => ({ content: [] }),
      );
      return [tool, handle] as const;
    });
    serveToolList(server, handles);
    handles[0]?.[1].disable();
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "c", version: "1" });
    await Promise.all([server.connect(a), client.connect(b)]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toStrictEqual(TOOLS.slice(1).map((t) => t.name));
    await client.close();
  });
});
