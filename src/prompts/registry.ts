import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { z } from "zod";
import { formatDate, localDateOf } from "../bookingtime/time.js";
import type { ToolContext, Toolset } from "../tools/define.js";
import type { ToolSelection } from "../tools/registry.js";
import { type CompletionSource, complete } from "../tools/support/completions.js";
import { bookAppointmentPrompt } from "./book-appointment.js";

type Args = Record<string, z.ZodOptional<z.ZodString>>;

/** Today in the organization's zone, so that "next Tuesday" can be resolved. */
export interface Today {
  date: string;
  weekday: string;
  timeZone: string;
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Undefined without an organization or when bookingtime cannot say its zone. */
async function today(
  ctx: ToolContext | undefined,
  organizationId: string | undefined,
): Promise<Today | undefined> {
  if (!ctx) return undefined;
  const now = ctx.now();
  try {
    const timeZone = await ctx.api.timeZone(
      ctx.organizationId(organizationId?.trim() || undefined),
    );
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
  /** Arguments that complete (completion/complete) to organization ids, service or staff names. */
  completions?: { [K in keyof A]?: CompletionSource };
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
    const argsSchema = ctx ? withCompletions(prompt, ctx) : prompt.args;
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema },
      async (values) => {
        const given = values as Record<string, string | undefined>;
        // Computed per request: a long-running server must not keep yesterday's date.
        const text = prompt.render(given, await today(ctx, given.organizationId));
        return { messages: [{ role: "user", content: { type: "text", text } }] };
      },
    );
  }
}

/**
 * The prompt's arguments with the SDK's completable() on those that complete. Fresh schemas per
 * server: completable() marks a schema for good. Both the optional and its inner string carry
 * it, because the SDK looks at the inner one to declare the capability and at the optional one
 * to answer.
 */
function withCompletions(prompt: PromptDefinition, ctx: ToolContext): Args {
  const out: Args = { ...prompt.args };
  for (const [name, source] of Object.entries(prompt.completions ?? {})) {
    const arg = prompt.args[name];
    if (arg === undefined || source === undefined) continue;
    const answer = (value: string | undefined, context?: { arguments?: Record<string, string> }) =>
      complete(source, ctx, value ?? "", context?.arguments);
    const inner = completable(arg.unwrap().clone(), answer);
    out[name] = completable(inner.optional().describe(arg.description ?? ""), answer);
  }
  return out;
}
