import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

/** Requests whose params the SDK parses inside its handler, where a misfit becomes -32603. */
const PARAMS_SCHEMAS = {
  "tools/call": CallToolRequestSchema,
  "prompts/get": GetPromptRequestSchema,
  "resources/read": ReadResourceRequestSchema,
} as const;

/**
 * Why a request's params do not fit its method (e.g. tools/call with `arguments: []`), in one
 * short line for a -32602 answer; undefined when they fit or the method is not checked here.
 * The SDK would answer -32603 "internal error" with zod's raw issue list.
 */
export function invalidParams(message: unknown): string | undefined {
  const method = (message as { method?: unknown })?.method;
  if (typeof method !== "string" || !Object.hasOwn(PARAMS_SCHEMAS, method)) return undefined;
  const parsed = PARAMS_SCHEMAS[method as keyof typeof PARAMS_SCHEMAS].safeParse(message);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join(".") || "params";
  const what =
    issue?.code === "invalid_type"
      ? `must be ${issue.expected === "record" ? "an object" : `a ${issue.expected}`}`
      : (issue?.message ?? "does not fit");
  return `Invalid params for ${method}: ${where} ${what}.`;
}
