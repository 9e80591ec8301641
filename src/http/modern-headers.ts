import type { IncomingMessage } from "node:http";
import { ERRORS, type EraError, META } from "../revision/era.js";

/** The requests whose target the Streamable HTTP binding mirrors into Mcp-Name. */
const NAMED: Record<string, "name" | "uri"> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
};

/** Whether an HTTP request speaks the 2026-07-28 revision (its header claims a modern version). */
export function claimsModernHeader(req: IncomingMessage, modern: string): boolean {
  return req.headers["mcp-protocol-version"] === modern;
}

/**
 * The revision's header checks: MCP-Protocol-Version, Mcp-Method and Mcp-Name must be present
 * and say what the body says (load balancers route on them). A HeaderMismatch error otherwise.
 */
export function checkModernHeaders(
  req: IncomingMessage,
  message: Record<string, unknown>,
): EraError | undefined {
  const params = (message.params ?? {}) as Record<string, unknown>;
  const meta = (params._meta ?? {}) as Record<string, unknown>;
  const method = String(message.method);
  const expected: [string, unknown][] = [
    ["MCP-Protocol-Version", meta[META.protocolVersion]],
    ["Mcp-Method", method],
  ];
  const field = NAMED[method];
  if (field) expected.push(["Mcp-Name", params[field]]);
  for (const [name, body] of expected) {
    const raw = req.headers[name.toLowerCase()];
    const header = typeof raw === "string" ? decodeHeader(raw) : undefined;
    if (header === undefined || header !== body) {
      return {
        code: ERRORS.headerMismatch,
        message:
          header === undefined
            ? `Header mismatch: the ${name} header is required.`
            : `Header mismatch: the ${name} header does not match the request body.`,
        status: 400,
      };
    }
  }
  return undefined;
}

/** A value outside plain ASCII travels as `=?base64?…?=`; servers compare the decoded value. */
function decodeHeader(value: string): string | undefined {
  const encoded = /^=\?base64\?([A-Za-z0-9+/=]*)\?=$/.exec(value);
  return encoded ? Buffer.from(encoded[1] ?? "", "base64").toString("utf8") : value;
}
