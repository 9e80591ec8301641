import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { ERRORS, type EraError, META } from "./era.js";
import type { ModernScope } from "./scope.js";

export interface ServerInfo {
  name: string;
  version: string;
  [key: string]: unknown;
}

type Json = Record<string, unknown>;

/**
 * Listings and reads are cacheable in this revision and must say for how long and for whom.
 * Listings change only with the deployment, but per caller (a policy narrows them): private.
 * A resource read shows live bookingtime data: never fresh for long.
 */
export const LISTING_CACHE = { ttlMs: 5 * 60_000, cacheScope: "private" } as const;
const CACHEABLE: Record<string, { ttlMs: number; cacheScope: "private" }> = {
  "tools/list": LISTING_CACHE,
  "prompts/list": LISTING_CACHE,
  "resources/list": LISTING_CACHE,
  "resources/templates/list": LISTING_CACHE,
  "resources/read": { ttlMs: 0, cacheScope: "private" },
};

/**
 * The SDK server's answer to a modern request, put into the revision's shape: every result says
 * `resultType` and carries serverInfo in `_meta`; a round that needs the user answers the
 * InputRequiredResult instead of the tool's result. `status` is the HTTP status to send.
 */
export function finishModern(
  scope: ModernScope,
  message: JSONRPCMessage,
  serverInfo: ServerInfo,
): { message: JSONRPCMessage; status: number } {
  if ("error" in message) {
    const { request } = scope;
    // A resource that is not there: -32602 naming the URI asked for (SEP-2164).
    if (
      request.method === "resources/read" &&
      message.error.code === ERRORS.invalidParams &&
      message.error.data === undefined
    ) {
      message = { ...message, error: { ...message.error, data: { uri: request.params.uri } } };
    }
    // The revision answers an unknown method with 404 over HTTP, so a client can tell it apart.
    return { message, status: message.error.code === ERRORS.methodNotFound ? 404 : 200 };
  }
  if (!("result" in message)) return { message, status: 200 };
  const meta = { [META.serverInfo]: serverInfo };
  const asked = scope.inputRequired;
  const result: Json = asked
    ? { resultType: "input_required", ...asked, _meta: meta }
    : {
        ...message.result,
        ...CACHEABLE[scope.request.method],
        resultType: "complete",
        _meta: { ...(message.result._meta as Json | undefined), ...meta },
      };
  return { message: { jsonrpc: "2.0", id: message.id, result } as JSONRPCMessage, status: 200 };
}

export function eraErrorMessage(id: unknown, error: EraError): JSONRPCMessage {
  const { status: _status, ...rest } = error;
  return { jsonrpc: "2.0", id: (id ?? null) as string, error: rest };
}
