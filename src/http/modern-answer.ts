import type { IncomingMessage, ServerResponse } from "node:http";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { eraErrorMessage, finishModern } from "../revision/answer.js";
import { Descriptions } from "../revision/discover.js";
import { checkModern, isEraError, isModern, MODERN_VERSION } from "../revision/era.js";
import { type ModernScope, runModern } from "../revision/scope.js";
import { createServer, type ServerDeps } from "../server.js";
import { checkModernHeaders, claimsModernHeader } from "./modern-headers.js";
import { sendJson } from "./respond.js";

/** How the answerer carries one request to a (pooled) SDK server and shapes its answer. */
export type CarryOne = (
  message: JSONRPCMessage,
  shape: (answer: JSONRPCMessage) => { message: JSONRPCMessage; status: number },
  dispatch: (run: () => void) => void,
) => Promise<void>;

const descriptions = new Descriptions<ServerDeps>();

/** Whether this POST speaks MCP 2026-07-28 (by its body's `_meta`, or by its version header). */
export function speaksModern(req: IncomingMessage, message: unknown): boolean {
  return isModern(message) || claimsModernHeader(req, MODERN_VERSION);
}

/**
 * A request of the 2026-07-28 revision over Streamable HTTP: no session and no initialize; its
 * envelope and headers checked, server/discover answered here, everything else by the same
 * pooled SDK servers as the handshake era's one-shot requests, inside the request's scope (for
 * the MRTR confirmation) and with the answer put into the revision's shape.
 */
export async function answerModern(
  req: IncomingMessage,
  res: ServerResponse,
  message: unknown,
  deps: ServerDeps,
  carry: CarryOne,
): Promise<void> {
  const body = message as Record<string, unknown>;
  // The revision defines no client notification over HTTP; one is accepted and has no effect.
  if (!("id" in body) || "result" in body || "error" in body) return void res.writeHead(202).end();
  const checked = checkModern(body, () => checkModernHeaders(req, body));
  if (isEraError(checked)) return sendJson(res, checked.status, eraErrorMessage(body.id, checked));
  const description = await descriptions.get(deps, () => createServer(deps));
  if (checked.method === "server/discover") {
    return sendJson(res, 200, { jsonrpc: "2.0", id: checked.id, result: description.result });
  }
  const scope: ModernScope = { request: checked };
  await carry(
    body as JSONRPCMessage,
    (answer) => finishModern(scope, answer, description.serverInfo),
    (run) => runModern(scope, run),
  );
}
