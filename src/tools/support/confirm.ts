import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { currentCaller } from "../../audit/caller.js";
import type { Logger } from "../../logger.js";
import { confirmThroughInput } from "../../revision/confirm-input.js";

/**
 * Asks the user a yes/no question through MCP elicitation: on a 2026-07-28 request as a
 * multi-round-trip input request, otherwise as a request to the client. Anything but an explicit yes
 * (decline, dismiss, a failed request) counts as no: the caller is about to destroy something.
 */
export async function confirmWithUser(
  server: McpServer,
  message: string,
  logger: Logger,
): Promise<"accepted" | "declined" | "unsupported"> {
  const throughInput = confirmThroughInput(message, currentCaller().id);
  if (throughInput) return throughInput;
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
