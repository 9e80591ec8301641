import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../logger.js";
import { addCustomer } from "./add-customer.js";
import type { ToolContext, ToolDefinition } from "./define.js";
import { toToolError } from "./errors.js";
import { getOrganization } from "./get-organization.js";

/** Every tool the server offers, in the order clients list them. */
// Handlers take their own argument types; the registry only needs the common shape.
export const TOOLS = [getOrganization, addCustomer] as readonly ToolDefinition[];

export function registerTools(server: McpServer, ctx: ToolContext, logger: Logger): void {
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: unknown): Promise<CallToolResult> => {
        const started = performance.now();
        let outcome = "ok";
        try {
          const result = await tool.handler(args as never, ctx);
          return {
            content: [{ type: "text", text: `${result.summary}\n${JSON.stringify(result.data)}` }],
            structuredContent: result.data as Record<string, unknown>,
          };
        } catch (error) {
          outcome = (error as { kind?: string }).kind ?? "internal_error";
          return toToolError(error, tool.name, logger);
        } finally {
          logger.info(
            { tool: tool.name, outcome, ms: Math.round(performance.now() - started) },
            "tool call",
          );
        }
      },
    );
  }
}
