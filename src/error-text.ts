import { formatMessages } from "./bookingtime/envelope.js";
import {
  type BookingtimeError,
  OrganizationAccessError,
  organizationAccessHint,
  type UpstreamMessage,
} from "./bookingtime/errors.js";

/**
 * The one voice for failures: lower layers throw typed errors that carry facts (status,
 * bookingtime's messages, a hint keyed to the cause); this module turns them into the text
 * the model reads, the same for a tool result and a resource read.
 */
export interface ErrorText {
  text: string;
  /** Data the model can act on (e.g. the nearest free times), for a tool's structuredContent. */
  details?: object | undefined;
}

/** bookingtime's field names where the tools call the same thing differently. */
const TOOL_PARAMETER: Readonly<Record<string, string>> = {
  bookingSlotId: "slotId",
  bookingTemplateId: "serviceId",
  bookingResourceId: "staffId",
  searchQuery: "query",
};

/** Upstream messages name the tool's parameters, so the model knows which argument to change. */
export function renameParameters(messages: readonly UpstreamMessage[]): UpstreamMessage[] {
  return messages.map((m) =>
    m.parameter && TOOL_PARAMETER[m.parameter]
      ? { ...m, parameter: TOOL_PARAMETER[m.parameter] as string }
      : m,
  );
}

// bookingtime answers 404 for an id of another organization, which looks like a typo to the model.
export const OTHER_ORGANIZATION_HINT =
  "Ids belong to one organization: pass the organizationId you used when you got this id.";

/**
 * What went wrong, one line per bookingtime message, then "What to do". By status only, never
 * by message wording: the texts are bookingtime's to word and translate.
 */
export function errorText(
  error: BookingtimeError,
  /** Where the default organization came from, when not BOOKINGTIME_ORGANIZATION_ID. */
  organizationSource?: string,
): ErrorText {
  const lines = [error.message];
  for (const message of formatMessages(renameParameters(error.upstreamMessages))) {
    lines.push(`- ${message}`);
  }
  const ownHint =
    error instanceof OrganizationAccessError && organizationSource
      ? organizationAccessHint(organizationSource)
      : error.hint;
  const hints = [ownHint, error.status === 404 ? OTHER_ORGANIZATION_HINT : undefined];
  const hint = hints.filter(Boolean).join(" ");
  if (hint) lines.push(`What to do: ${hint}`);
  const details = (error as { details?: unknown }).details;
  return {
    text: lines.join("\n"),
    details: details && typeof details === "object" ? details : undefined,
  };
}
