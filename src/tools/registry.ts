import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type CallToolResult, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { formatMessages } from "../bookingtime/envelope.js";
import { withNotices } from "../bookingtime/notices.js";
import { loadJsonSchemaValidator } from "../json-schema-validator.js";
import type { Logger } from "../logger.js";
import type { SecretRegistry } from "../secrets.js";
import { addCustomer } from "./add-customer.js";
import { bookAppointment } from "./book-appointment.js";
import { cancelAppointment } from "./cancel-appointment.js";
import type { ToolContext, ToolDefinition, Toolset } from "./define.js";
import { invalidArguments, renameParameters, toToolError } from "./errors.js";
import { findCustomers } from "./find-customers.js";
import { findFreeSlots } from "./find-free-slots.js";
import { getAppointment } from "./get-appointment.js";
import { getCustomer } from "./get-customer.js";
import { getOrganization } from "./get-organization.js";
import { listAppointments } from "./list-appointments.js";
import { listLocations } from "./list-locations.js";
import { listOrganizations } from "./list-organizations.js";
import { listServices } from "./list-services.js";
import { listStaff } from "./list-staff.js";
import { moveAppointment } from "./move-appointment.js";
import { auditCall } from "./support/audit-call.js";
import {
  describeCuts,
  fitToBudget,
  MAX_LISTED_CUTS,
  RESULT_BUDGET_BYTES,
} from "./support/budget.js";
import { inCallScope, progressFor } from "./support/call-control.js";
import { clientLogWatcher } from "./support/client-log.js";
import { confirmWithUser } from "./support/confirm.js";
import { lenientArguments } from "./support/lenient-arguments.js";
import { listingFor } from "./support/listing-cache.js";
import { resultSchema } from "./support/output-shapes.js";
import { qList } from "./support/quote.js";
import { illFormedStrings } from "./support/well-formed.js";
import { writeStarted } from "./support/writes-in-flight.js";
import { updateCustomer } from "./update-customer.js";

/** An error's text is built from upstream messages too: the same scrub as results. */
function scrubbed(result: CallToolResult, secrets: SecretRegistry): CallToolResult {
  return { ...result, content: secrets.scrubDeep(result.content) };
}

/** Every tool the server offers, in the order clients list them. */
// Handlers take their own argument types; the registry only needs the common shape.
export const TOOLS = [
  getOrganization,
  listOrganizations,
  listLocations,
  listStaff,
  listServices,
  findFreeSlots,
  findCustomers,
  getCustomer,
  addCustomer,
  updateCustomer,
  bookAppointment,
  getAppointment,
  listAppointments,
  moveAppointment,
  cancelAppointment,
] as readonly ToolDefinition[];

/** Which tools a server offers: --read-only drops every write tool, --toolsets keeps only those groups. */
export interface ToolSelection {
  readOnly?: boolean | undefined;
  toolsets?: readonly Toolset[] | undefined;
  /** Tools left out by name (a caller without the scope for them). */
  exclude?: readonly string[] | undefined;
}

export function isWriteTool(tool: ToolDefinition): boolean {
  return !tool.annotations.readOnlyHint;
}

export function selectTools(
  tools: readonly ToolDefinition[],
  selection: ToolSelection = {},
): ToolDefinition[] {
  return tools.filter(
    (tool) =>
      !(selection.readOnly && isWriteTool(tool)) &&
      (selection.toolsets === undefined || selection.toolsets.includes(tool.toolset)) &&
      !selection.exclude?.includes(tool.name),
  );
}

// Servers are created per session (and per request over HTTP); the listing only depends on the selection.
const listings = new Map<string, ReturnType<typeof listingFor>>();

function cachedListing(selected: readonly ToolDefinition[]) {
  const key = selected.map((t) => t.name).join(",");
  let listing = listings.get(key);
  if (listing === undefined) {
    listing = listingFor(selected);
    listings.set(key, listing);
  }
  return listing;
}

/** structuredContent + text, cut to the result budget with `truncated: true` when too large. */
export function renderResult(
  original: Record<string, unknown>,
  originalSummary: string,
  secrets: SecretRegistry,
): CallToolResult {
  // Whatever field an upstream answer put a token in, it does not reach the model.
  let data = original;
  const summary = secrets.scrub(originalSummary);
  let json = JSON.stringify(data);
  if (secrets.foundIn(json)) {
    data = secrets.scrubDeep(data);
    json = JSON.stringify(data);
  }
  const room = RESULT_BUDGET_BYTES - Buffer.byteLength(summary) - 1;
  // Nearly every result fits: it was serialized once above; the cut is measured only when not.
  if (Buffer.byteLength(json) <= room) {
    return { content: [{ type: "text", text: `${summary}\n${json}` }], structuredContent: data };
  }
  // The note's own size depends on the cuts; a long one (deep paths) is paid for by a second fit.
  let budget = room;
  for (let attempt = 0; ; attempt++) {
    const { data: fitted, cuts } = fitToBudget(data, budget, json);
    const note = describeCuts(cuts);
    // The note counts the cuts it does not list; the structured list is the same short one.
    const listed = cuts.slice(0, MAX_LISTED_CUTS);
    const structured = { ...fitted, truncated: true, truncation: { note, cuts: listed } };
    const text = `${summary} ${note}\n${JSON.stringify(structured)}`;
    const over = Buffer.byteLength(text) - RESULT_BUDGET_BYTES;
    if (over <= 0 || attempt === 2) {
      return { content: [{ type: "text", text }], structuredContent: structured };
    }
    budget -= over + 64;
  }
}

// The SDK would refuse bad arguments itself with a protocol-style text; it gets an open object
// so that the tool's own schema is applied below and its errors read like every other failure.
// tools/list still shows the tool's real schema (see listing.ts).
const ANY_ARGUMENTS = z.looseObject({});

/** What the registries of tools and resources take from the server's dependencies. */
export interface RegistryDeps {
  logger: Logger;
  /** The runtime's live secrets, scrubbed from every result and error text. */
  secrets: SecretRegistry;
  /** --read-only and --toolsets; all tools when absent. */
  tools?: ToolSelection | undefined;
}

export function registerTools(server: McpServer, ctx: ToolContext, deps: RegistryDeps): void {
  const { logger, secrets, tools: selection } = deps;
  const selected = selectTools(TOOLS, selection);
  for (const tool of selected) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: ANY_ARGUMENTS,
        // With the fields renderResult adds: the SDK checks every result against it.
        outputSchema: resultSchema(tool.output),
        // The top-level title is the current place for it; repeating it costs every tools/list.
        annotations: tool.annotations,
      },
      inCallScope(
        async (args: unknown, extra): Promise<CallToolResult> => {
          const started = performance.now();
          let outcome = "ok";
          let answer: unknown;
          const stillOurs = isWriteTool(tool) ? writeStarted(ctx, tool.name, args) : undefined;
          try {
            const callCtx: ToolContext = {
              ...ctx,
              progress: progressFor(extra),
              confirm: async (message) => {
                await loadJsonSchemaValidator();
                return confirmWithUser(server, message, logger);
              },
            };
            const input = lenientArguments(tool.input, args);
            const broken = illFormedStrings(input);
            if (broken) {
              outcome = "invalid_arguments";
              return invalidArguments(tool.name, broken);
            }
            const parsed = tool.input.safeParse(input);
            if (!parsed.success) {
              outcome = "invalid_arguments";
              return invalidArguments(tool.name, parsed.error);
            }
            const { value: result, notices } = await withNotices(() =>
              tool.handler(parsed.data as never, callCtx),
            );
            answer = result.data;
            if (notices.length === 0) {
              return renderResult(result.data as Record<string, unknown>, result.summary, secrets);
            }
            // Every message bookingtime sent beside a usable answer reaches the model.
            const said = formatMessages(renameParameters(notices));
            return renderResult(
              { ...(result.data as Record<string, unknown>), bookingtimeMessages: said },
              `${result.summary} bookingtime also said: ${qList(said)}`,
              secrets,
            );
          } catch (error) {
            outcome = (error as { kind?: string }).kind ?? "internal_error";
            return scrubbed(toToolError(error, tool.name, logger, ctx.organizationSource), secrets);
          } finally {
            // Unless a stop already recorded it as cut off.
            if (stillOurs?.()) auditCall(ctx, tool.name, args, outcome, answer);
            logger.info(
              { tool: tool.name, outcome, ms: Math.round(performance.now() - started) },
              "tool call",
            );
          }
        },
        (extra) => clientLogWatcher(server, extra.sessionId, secrets),
      ),
    );
  }
  // Also when the selection is empty, so that tools/list answers [] rather than "method not found".
  // The SDK's own listing converts every schema on every request and keeps the noise above.
  const tools = cachedListing(selected);
  server.server.removeRequestHandler(ListToolsRequestSchema.shape.method.value);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
}
