import type { IncomingMessage, ServerResponse } from "node:http";
import { JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { refuseTooLarge } from "./admission.js";
import { BodyTooLarge, describeRpc, readBody } from "./body.js";
import { invalidParams } from "./invalid-params.js";
import { RPC, sendJson, sendRpcError } from "./respond.js";

/** The revision that removed JSON-RPC batching from MCP; dates compare as strings. */
const NO_BATCH_SINCE = "2025-06-18";

/**
 * Reads the body of a /mcp request and checks it is a message the server could answer. On a
 * problem it answers the request itself and resolves to undefined. `fields` gets the log fields.
 */
export async function readMessage(
  req: IncomingMessage,
  res: ServerResponse,
  fields: Record<string, unknown>,
): Promise<{ message: unknown } | undefined> {
  let message: unknown;
  try {
    message = JSON.parse((await readBody(req)).toString("utf8"));
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      refuseTooLarge(res);
      return undefined;
    }
    sendRpcError(res, 400, RPC.parseError, "Parse error: the body is not valid JSON.");
    return undefined;
  }
  Object.assign(fields, describeRpc(message));
  const version = req.headers["mcp-protocol-version"];
  if (Array.isArray(message) && typeof version === "string" && version >= NO_BATCH_SINCE) {
    // The SDK transport still accepts batches whatever the version; the spec no longer does.
    sendRpcError(
      res,
      400,
      RPC.invalidRequest,
      `Invalid Request: JSON-RPC batches are not part of MCP ${version}; send one message per request.`,
    );
    return undefined;
  }
  if (!Array.isArray(message) && !JSONRPCMessageSchema.safeParse(message).success) {
    // Not a message the server could answer (an extra key, params not an object, an id that is
    // not a safe integer): refused here, before any server is built for it.
    sendRpcError(
      res,
      400,
      RPC.invalidRequest,
      "Invalid Request: the body is not a JSON-RPC 2.0 message (check jsonrpc, id, method, params).",
    );
    return undefined;
  }
  // Params that do not fit the method (tools/call with `arguments: []`): the SDK would answer
  // -32603 with zod's raw issue list; the caller gets -32602 and one short line instead.
  const badParams = invalidParams(message);
  if (badParams && !Array.isArray(message) && "id" in (message as object)) {
    const { id } = message as { id: unknown };
    sendJson(res, 200, { jsonrpc: "2.0", id, error: { code: -32602, message: badParams } });
    return undefined;
  }
  return { message };
}
