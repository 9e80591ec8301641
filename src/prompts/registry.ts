import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { z } from "zod";
import { formatDate, localDateOf } from "../bookingtime/time.js";
import type { ToolContext, Toolset } from "../tools/define.js";
import type { ToolSelection } from "../tools/registry.js";
import { bookAppointmentPrompt } from "./book-appointment.js";

type Args = Record<string, z.ZodOptional<z.ZodString>>;

/** Today in the organization's zone, so that "next Tuesday" can be resolved. */
export interface Today {
  date: string;
  weekday: string;
  timeZone: string;
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Undefined without a default organization or when bookingtime cannot say its zone. */
async function today(ctx: ToolContext | undefined): Promise<Today | undefined> {
  if (!ctx) return undefined;
  const now = ctx.now();
  try {
    const timeZone = await ctx.api.timeZone(ctx.organizationId(undefined));
    const date = localDateOf(timeZone, now);
    const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    return { date: formatDate(date), weekday: WEEKDAYS[(day + 6) % 7] ?? "", timeZone };
  } catch {
    return undefined;
  }
}

/** One MCP prompt: its arguments (all optional strings) and the user message it renders. */
export interface PromptDefinition<A extends Args = Args> {
  name: string;
  title: string;
  description: string;
  args: A;
  /** The tool groups its steps use; the prompt is offered only when all are. */
  toolsets: readonly Toolset[];
  render(values: { [K in keyof A]?: string | undefined }, today?: Today): string;
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

export function registerPrompts(
  server: McpServer,
  selection: ToolSelection = {},
  ctx?: ToolContext,
): void {
  for (const prompt of selectPrompts(selection)) {
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema: prompt.args },
      async (values) => {
        // Computed per request: a long-running server must not keep yesterday's date.
        const text = prompt.render(values as Record<string, string>, await today(ctx));
        return { messages: [{ role: "user", content: { type: "text", text } }] };
      },
    );
  }
}
