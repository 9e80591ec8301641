import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { hasHidden, withoutHidden } from "../../bookingtime/untrusted-text.js";

function strip(value: unknown): unknown {
  if (typeof value === "string") return withoutHidden(value);
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutHidden(k), strip(v)]));
}

/**
 * The last guard before a result leaves: bookingtime's data is cleaned where it is read, but a
 * result also quotes what the model sent (a search term, an argument named in an error). No tag,
 * zero-width or bidi character reaches the model from either. One scan of the text (and of an
 * error's structured data); a result is copied only in the rare case that holds one.
 */
export function withoutHiddenCharacters(result: CallToolResult): CallToolResult {
  const texts = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  // A result's text carries the JSON of its structuredContent (registry.renderResult); an error
  // result's structured data is checked on its own.
  const structured =
    result.isError && result.structuredContent !== undefined
      ? JSON.stringify(result.structuredContent)
      : "";
  if (!hasHidden(texts) && !hasHidden(structured)) return result;
  return strip(result) as CallToolResult;
}
