import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { AuditLog } from "../audit/audit.js";
import type { BookingMemory } from "../booking/booking-memory.js";
import type { BookingtimeApi } from "../bookingtime/api.js";
import type { Toolset } from "../toolsets.js";
import type { LookupCache } from "./support/lookup-cache.js";
import type { WritesInFlight } from "./support/writes-in-flight.js";

// The group names live with the configuration that parses them, below the tools.
export { TOOLSETS, type Toolset } from "../toolsets.js";

/** What a tool handler may use: typed API operations and the server's defaults, no tokens. */
export interface ToolContext {
  api: BookingtimeApi;
  /** The organization to use when the call names none; throws a UserInputError if there is none. */
  organizationId(requested: string | undefined): string;
  /** Where the default organization came from when not the environment (error hints name it). */
  organizationSource?: string | undefined;
  /** Shared across sessions: book_appointment's idempotency and the slots find_free_slots showed. */
  bookings: BookingMemory;
  /** The current time; tests set it to the sandbox's clock so "today" and "past" agree with it. */
  now(): number;
  /** Asks the user (MCP elicitation) during this call; "unsupported" when the client cannot. */
  confirm?(message: string): Promise<"accepted" | "declined" | "unsupported">;
  /** BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION: destructive tools need a person's yes (elicitation). */
  requireHumanConfirmation?: boolean | undefined;
  /** Where every write attempt is recorded (BOOKINGTIME_MCP_AUDIT_FILE or stderr). */
  audit?: AuditLog | undefined;
  /** BOOKINGTIME_APP_ID: the organizations the app is installed in are listable. */
  appId?: string | undefined;
  /** The organizations this server (or, remotely, this caller) may use, when limited. */
  allowedOrganizations?: readonly string[] | undefined;
  /** Short-lived lookups behind completions; the runtime's, shared by every session. */
  lookups?: LookupCache | undefined;
  /**
   * notifications/progress for this call: `done` of `total` upstream steps, and a sentence for a
   * person. Absent when the caller sent no progressToken; support/progress.ts counts the steps.
   */
  progress?(done: number, total: number, message: string): void;
  /** The runtime's writes still running, audited as cut if the process stops before they end. */
  writes?: WritesInFlight | undefined;
}

export interface ToolResult<O> {
  data: O;
  /** One or two lines for the model; the JSON of `data` is appended by the registry. */
  summary: string;
}

export interface ToolDefinition<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
> {
  name: string;
  title: string;
  toolset: Toolset;
  description: string;
  input: I;
  output: O;
  /** All four hints are required: clients decide on confirmation prompts from them. */
  annotations: Required<
    Pick<ToolAnnotations, "readOnlyHint" | "destructiveHint" | "idempotentHint" | "openWorldHint">
  >;
  handler(args: z.output<I>, ctx: ToolContext): Promise<ToolResult<z.output<O>>>;
}

/** The hints of a tool that only reads bookingtime: repeatable, no side effects. */
export const READ_ONLY = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

/**
 * A write's hints: it changes bookingtime (open world, not read-only); whether it destroys data
 * and whether repeating it is harmless is each tool's own statement.
 */
export function writes(hints: { destructiveHint: boolean; idempotentHint: boolean }) {
  return { readOnlyHint: false, ...hints, openWorldHint: true } as const;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}
