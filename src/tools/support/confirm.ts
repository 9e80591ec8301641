import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Logger } from "../../logger.js";

/**
 * Asks the user a yes/no question through MCP elicitation. Anything but an explicit yes
 * (decline, dismiss, a failed request) counts as no: the caller is about to destroy something.
 */
export async function confirmWithUser(
  server: McpServer,
  message: string,
  logger: Logger,
): Promise<"accepted" | "declined" | "unsupported"> {
  if (!server.server.getClientCapabilities()?.elicitation) return "unsupported";
  try {
    const answer = await server.server.elicitInput({
      message,
      requestedSchema: {
        type: "object",
        properties: {
          confirm: { type: "boolean", title: "Confirm", description: "Yes, go ahead" },
        },
        required: ["confirm"],
      },
    });
    return answer.action === "accept" && answer.content?.confirm === true ? "accepted" : "declined";
  } catch (error) {
    logger.warn({ err: error }, "elicitation failed; treating it as a no");
    return "declined";
  }
}
