import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { BookingtimeApi } from "./bookingtime/api.js";
import type { BookingtimeClient } from "./bookingtime/client.js";
import { UserInputError } from "./bookingtime/errors.js";
import type { Logger } from "./logger.js";
import type { ToolContext } from "./tools/define.js";
import { registerTools } from "./tools/registry.js";
import { VERSION } from "./version.js";

export interface ServerDeps {
  client: BookingtimeClient;
  defaultOrganizationId: string | undefined;
  logger: Logger;
}

const INSTRUCTIONS = `Tools for one bookingtime appointment-booking account.
Organization ids start with f6, customer ids with d3; every id is 32 letters or digits.
Omit organizationId to use the server's default organization.
On an error, read the listed bookingtime messages (field: text) and follow "What to do".`;

export function toolContext(deps: ServerDeps): ToolContext {
  const api = new BookingtimeApi(deps.client);
  return {
    api,
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

/**
 * Left to itself the SDK compiles a new Ajv instance for every server it creates (milliseconds
 * at start, and per request where a server is made per request); only elicitation answers use
 * it. One instance, made on first use, serves every server in the process.
 */
let ajv: AjvJsonSchemaValidator | undefined;
const sharedValidator: jsonSchemaValidator = {
  getValidator(schema) {
    ajv ??= new AjvJsonSchemaValidator();
    return ajv.getValidator(schema);
  },
};

/** A fresh MCP server over shared, long-lived dependencies (tokens, connection pool). */
export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: "bookingtime-mcp", title: "bookingtime", version: VERSION },
    {
      instructions: INSTRUCTIONS,
      capabilities: { tools: {} },
      jsonSchemaValidator: sharedValidator,
    },
  );
  registerTools(server, toolContext(deps), deps.logger);
  return server;
}
