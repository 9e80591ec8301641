import { randomUUID } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { formatMessages } from "../bookingtime/envelope.js";
import {
  BookingtimeError,
  OrganizationAccessError,
  organizationAccessHint,
} from "../bookingtime/errors.js";
import type { Logger } from "../logger.js";

/**
 * The one place failures become tool results. Known errors carry a message written for the
 * model plus bookingtime's own messages; anything else is a bug, reported by reference only.
 */
export function toToolError(
  error: unknown,
  tool: string,
  logger: Logger,
  /** Where the default organization came from, when not BOOKINGTIME_ORGANIZATION_ID. */
  organizationSource?: string,
): CallToolResult {
  if (error instanceof BookingtimeError) {
    const lines = [error.message];
    for (const message of formatMessages(error.upstreamMessages)) lines.push(`- ${message}`);
    const hint =
      error instanceof OrganizationAccessError && organizationSource
        ? organizationAccessHint(organizationSource)
        : error.hint;
    if (hint) lines.push(`What to do: ${hint}`);
    return { isError: true, content: [{ type: "text", text: lines.join("\n") }] };
  }
  const reference = randomUUID();
  logger.error({ err: error, tool, reference }, "unexpected error in tool");
  return {
    isError: true,
    content: [
      {
        type: "text",
        text: `bookingtime-mcp hit an internal error (reference ${reference}). This is a bug; the server log has the details.`,
      },
    ],
  };
}
