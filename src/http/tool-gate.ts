import type { ServerResponse } from "node:http";
import { type Access, scopeFor, TOOLS_BY_NAME } from "../access/access.js";
import { auditWrite } from "../audit/write-audit.js";
import { isModern } from "../revision/era.js";
import type { ServerDeps } from "../server.js";
import { isWriteTool, selectTools } from "../tools/registry.js";
import { challenge, type ResourceServer } from "./resource-server.js";
import { RPC, sendJson, sendRpcError } from "./respond.js";

interface ToolCall {
  id: unknown;
  name: string;
  args: Record<string, unknown>;
}

function toolCall(message: unknown): ToolCall | undefined {
  const m = message as {
    method?: unknown;
    id?: unknown;
    params?: { name?: unknown; arguments?: unknown };
  };
  if (m?.method !== "tools/call" || typeof m.params?.name !== "string") return undefined;
  const args = m.params.arguments;
  return {
    id: m.id,
    name: m.params.name,
    args: typeof args === "object" && args !== null ? (args as Record<string, unknown>) : {},
  };
}

/**
 * Refuses a tools/call this caller may not make, before any server (or bookingtime) sees it:
 * 403 insufficient_scope naming the scope it needs (so an OAuth client can step up), or, when
 * the policy file leaves the tool out, a tool error saying so. A refused write is audited.
 * Returns true when it answered.
 */
export function refuseToolCall(
  res: ServerResponse,
  message: unknown,
  access: Access,
  base: ServerDeps,
  narrowed: ServerDeps,
  headerOrganization: string | undefined,
  rs: ResourceServer | undefined,
): boolean {
  if (base === narrowed) return false;
  const call = toolCall(message);
  const tool = call && TOOLS_BY_NAME.get(call.name);
  if (!call || !tool || selectTools([tool], narrowed.tools).length > 0) return false;
  // Not offered by the server itself (--read-only, --toolsets): the SDK answers as it always did.
  if (selectTools([tool], base.tools).length === 0) return false;
  const scope = scopeFor(tool);
  const lacksScope = access.scopes !== undefined && !access.scopes.has(scope);
  if (isWriteTool(tool)) {
    const requested = call.args.organizationId;
    auditWrite(base.audit, {
      caller: access.caller,
      tool: tool.name,
      args: call.args,
      organization:
        typeof requested === "string"
          ? requested.slice(0, 64)
          : (headerOrganization ?? narrowed.defaultOrganizationId),
      errorKind: lacksScope ? "insufficient_scope" : "tool_not_allowed",
    });
  }
  if (lacksScope && rs) {
    sendRpcError(
      res,
      403,
      RPC.serverError,
      `Forbidden: ${tool.name} needs the scope ${scope}, which this token does not have.`,
      { "www-authenticate": challenge(rs, "insufficient_scope", scope) },
    );
    return true;
  }
  sendJson(res, 200, {
    jsonrpc: "2.0",
    id: call.id,
    result: {
      // A 2026-07-28 client needs the discriminator on every result.
      ...(isModern(message) ? { resultType: "complete" } : {}),
      isError: true,
      content: [
        {
          type: "text",
          text: `${tool.name} is not available to you on this server; nothing was sent to bookingtime.\nWhat to do: use the tools tools/list shows you, or ask the server's operator for access.`,
        },
      ],
    },
  });
  return true;
}
