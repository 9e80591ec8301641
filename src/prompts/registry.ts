import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { z } from "zod";
import type { Toolset } from "../tools/define.js";
import type { ToolSelection } from "../tools/registry.js";
import { bookAppointmentPrompt } from "./book-appointment.js";

type Args = Record<string, z.ZodOptional<z.ZodString>>;

/** One MCP prompt: its arguments (all optional strings) and the user message it renders. */
export interface PromptDefinition<A extends Args = Args> {
  name: string;
  title: string;
  description: string;
  args: A;
  /** The tool groups its steps use; the prompt is offered only when all are. */
  toolsets: readonly Toolset[];
  render(values: { [K in keyof A]?: string | undefined }): string;
}

export const PROMPTS = [bookAppointmentPrompt] as readonly PromptDefinition[];

/** Prompts walk through write tools, so a read-only server offers none. */
export function selectPrompts(selection: ToolSelection = {}): PromptDefinition[] {
  if (selection.readOnly) return [];
  const { toolsets } = selection;
  return PROMPTS.filter(
    (p) => toolsets === undefined || p.toolsets.every((t) => toolsets.includes(t)),
  );
}

export function registerPrompts(server: McpServer, selection: ToolSelection = {}): void {
  for (const prompt of selectPrompts(selection)) {
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema: prompt.args },
      (values) => ({
        messages: [
          {
            role: "user",
            content: { type: "text", text: prompt.render(values as Record<string, string>) },
          },
        ],
      }),
    );
  }
}
