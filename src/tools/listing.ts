import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ToolDefinition } from "./define.js";

type JsonSchemaObject = Tool["inputSchema"];

/**
 * The SDK converts every tool's zod schemas to JSON Schema on every tools/list, and in remote
 * mode every request builds a new server. A definition's listing never changes, so it is
 * converted once per process and kept here.
 */
const listings = new WeakMap<ToolDefinition, Tool>();

/**
 * Draft-07 JSON Schema as the SDK produces it, without the `$schema` line: it is the same
 * 50 bytes twice per tool, and the model pays for every byte of tools/list.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchemaObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-7", io });
  return rest as JsonSchemaObject;
}

export function toolListing(tool: ToolDefinition): Tool {
  let listing = listings.get(tool);
  if (!listing) {
    listing = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: jsonSchema(tool.input, "input"),
      outputSchema: jsonSchema(tool.output, "output"),
      annotations: { title: tool.title, ...tool.annotations },
    };
    listings.set(tool, listing);
  }
  return listing;
}

/** Answers tools/list from the cached listings, honouring tools disabled through the SDK. */
export function serveToolList(
  server: McpServer,
  registered: ReadonlyArray<readonly [ToolDefinition, RegisteredTool]>,
): void {
  const entries = registered.map(([tool, handle]) => [toolListing(tool), handle] as const);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: entries.filter(([, handle]) => handle.enabled).map(([listing]) => listing),
  }));
}
