import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { BookingtimeError } from "../bookingtime/errors.js";
import { errorText } from "../error-text.js";
import type { ToolContext } from "../tools/define.js";
import type { RegistryDeps, ToolSelection } from "../tools/registry.js";
import { complete } from "../tools/support/completions.js";
import type { ResourceDefinition } from "./define.js";
import { organizationResource } from "./organization.js";
import { servicesResource } from "./services.js";

export const RESOURCES: readonly ResourceDefinition[] = [organizationResource, servicesResource];

export function selectResources(selection: ToolSelection = {}): ResourceDefinition[] {
  const { toolsets } = selection;
  return RESOURCES.filter((r) => toolsets === undefined || toolsets.includes(r.toolset));
}

/** McpError prefixes "MCP error <code>:" to its message, and the client adds it again. */
function resourceError(code: ErrorCode, text: string): McpError {
  const error = new McpError(code, text);
  error.message = text;
  return error;
}

export function registerResources(server: McpServer, ctx: ToolContext, deps: RegistryDeps): void {
  const { logger, secrets } = deps;
  for (const resource of selectResources(deps.tools)) {
    const completers = Object.entries(resource.completions ?? {}).map(([variable, source]) => [
      variable,
      (value: string, context?: { arguments?: Record<string, string> }) =>
        complete(source, ctx, value, context?.arguments),
    ]);
    const template = new ResourceTemplate(resource.uriTemplate, {
      list: async () => ({ resources: await resource.list(ctx) }),
      complete: Object.fromEntries(completers),
    });
    server.registerResource(
      resource.name,
      template,
      { title: resource.title, description: resource.description, mimeType: "application/json" },
      async (uri, variables) => {
        const flat = Object.fromEntries(
          Object.entries(variables).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : v]),
        );
        try {
          const data = await resource.read(flat, ctx);
          return {
            contents: [
              {
                uri: uri.href,
                mimeType: "application/json",
                text: secrets.scrub(JSON.stringify(data)),
              },
            ],
          };
        } catch (error) {
          if (error instanceof BookingtimeError) {
            const { text } = errorText(error, ctx.organizationSource);
            throw resourceError(ErrorCode.InvalidParams, secrets.scrub(text));
          }
          logger.error({ err: error, resource: resource.name }, "unexpected error in resource");
          throw resourceError(ErrorCode.InternalError, "bookingtime-mcp hit an internal error.");
        }
      },
    );
  }
}
