import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AuditLog } from "./audit/audit.js";
import { BookingMemory } from "./booking/booking-memory.js";
import { BookingtimeApi } from "./bookingtime/api.js";
import type { BookingtimeClient } from "./bookingtime/client.js";
import { UserInputError } from "./bookingtime/errors.js";
import { sharedValidator } from "./json-schema-validator.js";
import type { Logger } from "./logger.js";
import { registerPrompts } from "./prompts/registry.js";
import { registerResources } from "./resources/registry.js";
import type { SecretRegistry } from "./secrets.js";
import type { ToolContext } from "./tools/define.js";
import { registerTools, type ToolSelection } from "./tools/registry.js";
import { ICONS } from "./tools/support/icons.js";
import { LookupCache } from "./tools/support/lookup-cache.js";
import { assertAllowedOrganization } from "./tools/support/organization-policy.js";
import { WritesInFlight } from "./tools/support/writes-in-flight.js";
import { VERSION } from "./version.js";

export interface ServerDeps {
  client: BookingtimeClient;
  defaultOrganizationId: string | undefined;
  logger: Logger;
  /** The runtime's live secrets: scrubbed from every tool and resource result. */
  secrets: SecretRegistry;
  /** --read-only and --toolsets; all tools when absent. */
  tools?: ToolSelection | undefined;
  /** Set when the default organization came from elsewhere than BOOKINGTIME_ORGANIZATION_ID. */
  defaultOrganizationSource?: string | undefined;
  /** The clock for "today" and "in the past"; Date.now unless a test runs against a set clock. */
  now?: (() => number) | undefined;
  /** BOOKINGTIME_ALLOWED_ORGANIZATIONS: any other organization is refused before any request. */
  allowedOrganizations?: readonly string[] | undefined;
  /** Remote mode: `allowedOrganizations` was narrowed for this caller (policy file, token claim). */
  organizationsPerCaller?: boolean | undefined;
  /** BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION: destructive tools need a person's yes. */
  requireHumanConfirmation?: boolean | undefined;
  /** Every write attempt is recorded here. */
  audit?: AuditLog | undefined;
  /** The runtime's typed API, whose caches every session shares; without it, one per server. */
  api?: BookingtimeApi | undefined;
  /** The runtime's booking memory, shared by every session; without it, one per server. */
  bookings?: BookingMemory | undefined;
  /** BOOKINGTIME_APP_ID: list_organizations and completions list the app's organizations. */
  appId?: string | undefined;
  /** The runtime's completion lookups (30 s); without it, one per server. */
  lookups?: LookupCache | undefined;
  /** The runtime's writes in flight, audited at a stop; without it, one per server. */
  writes?: WritesInFlight | undefined;
}

const INSTRUCTIONS = `Tools for one bookingtime appointment-booking account.
Ids are 32 letters or digits with a type prefix: organization f6, customer d3, service fc,
slot 4f, appointment ed, staff br. Each tool's parameters say which tool supplies an id.
organizationId is optional everywhere: omit it for the server's default organization, or pass a
location's id from list_locations.
Times carry a UTC offset; a plain date (YYYY-MM-DD) is read in the organization's time zone.
For relative dates ("next Tuesday") use today's date there: find_free_slots results give it.
Booking: list_services -> find_free_slots -> find_customers (or add_customer) -> book_appointment.
move_appointment, cancel_appointment and update_customer ask the user when the client can;
otherwise they change nothing unless confirm: true, which you pass only after the user agreed.
On an error, read the listed bookingtime messages (field: text) and follow "What to do".
Results larger than 25 KB come back with truncated: true and say how to get the rest.`;

const READ_ONLY_NOTE = `
This server is read-only: it can look things up but cannot create, change or cancel anything; say so if asked to.`;

export function toolContext(deps: ServerDeps): ToolContext {
  return {
    api: deps.api ?? new BookingtimeApi(deps.client),
    bookings: deps.bookings ?? new BookingMemory(),
    organizationSource: deps.defaultOrganizationSource,
    now: deps.now ?? Date.now,
    requireHumanConfirmation: deps.requireHumanConfirmation,
    audit: deps.audit,
    appId: deps.appId,
    allowedOrganizations: deps.allowedOrganizations,
    lookups: deps.lookups ?? new LookupCache(),
    writes: deps.writes ?? new WritesInFlight(),
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
      const source =
        requested === undefined
          ? (deps.defaultOrganizationSource ?? "BOOKINGTIME_ORGANIZATION_ID")
          : undefined;
      assertAllowedOrganization(id, deps.allowedOrganizations, source, deps.organizationsPerCaller);
      return id;
    },
  };
}

/** A fresh MCP server over shared, long-lived dependencies (tokens, connection pool). */
export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: "bookingtime-mcp", title: "bookingtime", version: VERSION, icons: ICONS },
    {
      instructions: deps.tools?.readOnly ? INSTRUCTIONS + READ_ONLY_NOTE : INSTRUCTIONS,
      // logging: clients may call logging/setLevel (the MCP conformance suite does).
      capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
      jsonSchemaValidator: sharedValidator,
    },
  );
  const ctx = toolContext(deps);
  registerTools(server, ctx, deps);
  registerResources(server, ctx, deps);
  registerPrompts(server, deps.tools, ctx);
  return server;
}
