import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { BookingtimeApi } from "./bookingtime/api.js";
import { type BookingMemory, bookingMemoryFor } from "./bookingtime/booking-memory.js";
import type { BookingtimeClient } from "./bookingtime/client.js";
import { UserInputError } from "./bookingtime/errors.js";
import type { Logger } from "./logger.js";
import { servicesResource } from "./resources/services.js";
import type { ToolContext } from "./tools/define.js";
import { registerTools } from "./tools/registry.js";
import { VERSION } from "./version.js";

export interface ServerDeps {
  client: BookingtimeClient;
  defaultOrganizationId: string | undefined;
  logger: Logger;
  /** The runtime's; without it, servers over the same client still share one. */
  bookings?: BookingMemory;
}

const INSTRUCTIONS = `Tools for one bookingtime appointment-booking account.
Organization ids start with f6, customer ids with d3; every id is 32 letters or digits.
Omit organizationId to use the server's default organization.
On an error, read the listed bookingtime messages (field: text) and follow "What to do".`;

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
    { instructions: INSTRUCTIONS, capabilities: { tools: {} } },
  );
  const ctx = toolContext(deps);
  registerTools(server, ctx, deps.logger);
  const r = servicesResource;
  server.registerResource(
    r.name,
    new ResourceTemplate(r.uriTemplate, { list: undefined }),
    { title: r.title, description: r.description, mimeType: r.mimeType },
    (uri, variables) => r.read(uri, variables, ctx),
  );
  return server;
}
