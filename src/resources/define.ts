import type { ToolContext, Toolset } from "../tools/define.js";
import type { CompletionSource } from "../tools/support/completions.js";

/**
 * One MCP resource template, in its own file like a tool. `read` returns JSON-able data; the
 * registry serializes it and turns bookingtime failures into MCP errors with a readable message.
 */
export interface ResourceDefinition {
  name: string;
  title: string;
  description: string;
  /** The tool group it belongs to: offered only when --toolsets includes it. */
  toolset: Toolset;
  /** RFC 6570 level-1 template, e.g. `bookingtime://organization/{id}`. */
  uriTemplate: string;
  /** Variables that complete (completion/complete), e.g. `{ id: "organizations" }`. */
  completions?: Readonly<Record<string, CompletionSource>>;
  /** Concrete resources to offer in resources/list (e.g. for the default organization). */
  list(ctx: ToolContext): Promise<{ uri: string; name: string; title?: string }[]>;
  read(variables: Readonly<Record<string, string>>, ctx: ToolContext): Promise<unknown>;
}

/** The default organization, or nothing when the server has none. */
export function defaultOrganization(ctx: ToolContext): string | undefined {
  try {
    return ctx.organizationId(undefined);
  } catch {
    return undefined;
  }
}
