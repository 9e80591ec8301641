import { randomUUID } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { BookingtimeError, UserInputError } from "../bookingtime/errors.js";
import { errorText } from "../error-text.js";
import type { Logger } from "../logger.js";

export { OTHER_ORGANIZATION_HINT, renameParameters } from "../error-text.js";

/**
 * Failures as tool results: known errors in the words of error-text.ts (as resources get them);
 * anything else is a bug, reported by reference only.
 */
export function toToolError(
  error: unknown,
  tool: string,
  logger: Logger,
  /** Where the default organization came from, when not BOOKINGTIME_ORGANIZATION_ID. */
  organizationSource?: string,
): CallToolResult {
  if (error instanceof BookingtimeError) {
    const rendered = errorText(error, organizationSource);
    const { details } = rendered;
    let text = rendered.text;
    // Arguments refused by the tool itself are invalid arguments too: they end as the schema's do.
    if (error instanceof UserInputError && !text.includes("What to do:")) {
      text = `${text}\nWhat to do: ${fixArguments(tool)}`;
    }
    text = text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .join("\n");
    // Some refusals carry data the model can act on (e.g. the nearest free times).
    return details
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
