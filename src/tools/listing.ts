import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ToolDefinition } from "./define.js";

function jsonSchema(schema: z.ZodObject, io: "input" | "output"): Tool["inputSchema"] {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-7", io });
  return rest as Tool["inputSchema"];
}

/**
 * The tools/list answer, computed once. Every client loads it into the model's context on
 * every conversation, so it leaves out what carries no meaning: the `$schema` dialect line,
 * the default `execution`, and `additionalProperties: false` on results (read as input, a
 * result may carry `truncated`). Inputs stay closed: an unknown argument is an error.
 */
export function toolListing(tools: readonly ToolDefinition[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, "input"),
    outputSchema: jsonSchema(tool.output, "input") as Tool["outputSchema"],
    annotations: tool.annotations,
  }));
}
