import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { BookingtimeApi } from "./bookingtime/api.js";
import { type BookingMemory, bookingMemoryFor } from "./bookingtime/booking-memory.js";
import type { BookingtimeClient } from "./bookingtime/client.js";
import { UserInputError } from "./bookingtime/errors.js";
import type { Logger } from "./logger.js";
import { registerPrompts } from "./prompts/registry.js";
import { registerResources } from "./resources/registry.js";
import type { ToolContext } from "./tools/define.js";
import { registerTools, type ToolSelection } from "./tools/registry.js";
import { VERSION } from "./version.js";

export interface ServerDeps {
  client: BookingtimeClient;
  defaultOrganizationId: string | undefined;
  logger: Logger;
  /** --read-only and --toolsets; all tools when absent. */
  tools?: ToolSelection | undefined;
  /** The runtime's; without it, servers over the same client still share one. */
  bookings?: BookingMemory;
}

const INSTRUCTIONS = `Tools for one bookingtime appointment-booking account.
Organization ids start with f6, customer ids with d3; every id is 32 letters or digits.
Omit organizationId to use the server's default organization.
On an error, read the listed bookingtime messages (field: text) and follow "What to do".
Results larger than 25 KB come back with truncated: true and say how to get the rest.`;

const READ_ONLY_NOTE = `
This server is read-only: it can look things up but cannot create, change or cancel anything; say so if asked to.`;

export function toolContext(deps: ServerDeps): ToolContext {
  const api = new BookingtimeApi(deps.client);
  return {
    api,
    bookings: deps.bookings ?? bookingMemoryFor(deps.client),
    organizationId(requested) {
      const id = requested ?? deps.defaultOrganizationId;
      if (!id) {
        throw new UserInputError(
          "No organization given, and the server has no default organization.",
          {
            hint: "Pass organizationId, or set BOOKINGTIME_ORGANIZATION_ID in the server's environment.",
          },
        );
      }
      return id;
    },
  };
}

/** A fresh MCP server over shared, long-lived dependencies (tokens, connection pool). */
export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: "bookingtime-mcp", title: "bookingtime", version: VERSION },
    {
      instructions: deps.tools?.readOnly ? INSTRUCTIONS + READ_ONLY_NOTE : INSTRUCTIONS,
      // logging: clients may call logging/setLevel (the MCP conformance suite does).
      capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
    },
  );
  const ctx = toolContext(deps);
  registerTools(server, ctx, deps.logger, deps.tools);
  registerResources(server, ctx, deps.logger);
  registerPrompts(server, deps.tools);
  return server;
}
