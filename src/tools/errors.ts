import { randomUUID } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { formatMessages } from "../bookingtime/envelope.js";
import {
  BookingtimeError,
  OrganizationAccessError,
  organizationAccessHint,
  type UpstreamMessage,
  UserInputError,
} from "../bookingtime/errors.js";
import type { Logger } from "../logger.js";

/** bookingtime's field names where the tools call the same thing differently. */
const TOOL_PARAMETER: Readonly<Record<string, string>> = {
  bookingSlotId: "slotId",
  bookingTemplateId: "serviceId",
  bookingResourceId: "staffId",
  searchQuery: "query",
};

/** Upstream messages name the tool's parameters, so the model knows which argument to change. */
export function renameParameters(messages: readonly UpstreamMessage[]): UpstreamMessage[] {
  return messages.map((m) =>
    m.parameter && TOOL_PARAMETER[m.parameter]
      ? { ...m, parameter: TOOL_PARAMETER[m.parameter] as string }
      : m,
  );
}

// bookingtime answers 404 for an id of another organization, which looks like a typo to the model.
export const OTHER_ORGANIZATION_HINT =
  "Ids belong to one organization: pass the organizationId you used when you got this id.";

/** By status only: message texts are bookingtime's to word (and translate). */
function isNotFound(error: BookingtimeError): boolean {
  return error.status === 404;
}

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
    for (const message of formatMessages(renameParameters(error.upstreamMessages))) {
      lines.push(`- ${message}`);
    }
    const ownHint =
      error instanceof OrganizationAccessError && organizationSource
        ? organizationAccessHint(organizationSource)
        : error.hint;
    const hints = [ownHint, isNotFound(error) ? OTHER_ORGANIZATION_HINT : undefined];
    let hint = hints.filter(Boolean).join(" ");
    // Arguments refused by the tool itself are invalid arguments too: they end as the schema's do.
    if (!hint && error instanceof UserInputError) hint = fixArguments(tool);
    if (hint) lines.push(`What to do: ${hint}`);
    const text = lines.filter((l) => l.trim() !== "").join("\n");
    // Some refusals carry data the model can act on (e.g. the nearest free times).
    const details = (error as { details?: unknown }).details;
    return details && typeof details === "object"
      ? { isError: true, content: [{ type: "text", text }], structuredContent: details as never }
      : { isError: true, content: [{ type: "text", text }] };
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

function fixArguments(tool: string): string {
  return `correct the fields named above, then call ${tool} again.`;
}

/**
 * Arguments the tool's schema refuses: one line per field, in the same shape as every other
 * failure (the SDK's own text would be "MCP error -32602: Input validation error: ..." with
 * zod's raw issue list). No request was made.
 */
export function invalidArguments(tool: string, error: z.ZodError): CallToolResult {
  const lines = [`Invalid arguments for ${tool}; nothing was sent to bookingtime.`];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) lines.push(`- ${key}: not a parameter of ${tool}`);
      continue;
    }
    const field = issue.path.map(String).join(".") || "arguments";
    lines.push(`- ${field}: ${issue.message}`);
  }
  lines.push(`What to do: ${fixArguments(tool)}`);
  return { isError: true, content: [{ type: "text", text: lines.join("\n") }] };
}
