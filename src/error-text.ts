import { formatMessages } from "./bookingtime/envelope.js";
import type { BookingtimeError, CauseCode, UpstreamMessage } from "./bookingtime/errors.js";

/**
 * The one voice for failures: lower layers throw typed errors that carry facts (status,
 * bookingtime's messages, a cause code); this module turns them into the text the model reads
 * and its "What to do", the same for a tool result and a resource read.
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
  const ownHint = advice(error, organizationSource);
  const hints = [ownHint, error.status === 404 ? OTHER_ORGANIZATION_HINT : undefined];
  const hint = hints.filter(Boolean).join(" ");
  if (hint) lines.push(`What to do: ${hint}`);
  const details = (error as { details?: unknown }).details;
  return {
    text: lines.join("\n"),
    details: details && typeof details === "object" ? details : undefined,
  };
}

/** Names where the default organization came from, so the caller fixes the right setting. */
export function organizationAccessHint(source = "BOOKINGTIME_ORGANIZATION_ID"): string {
  return (
    `Check the organization id (the default organization is set by ${source}), ` +
    "or ask bookingtime to grant the app access to this organization."
  );
}

/** "Wait N seconds", from a wait in milliseconds when bookingtime said one. */
export function waitHint(ms: number | undefined): string {
  if (ms === undefined) return "Wait a few seconds before trying again.";
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return `Wait ${seconds} second${seconds === 1 ? "" : "s"} before trying again.`;
}

const NOT_RETRIED =
  "The change was not retried automatically because it may already have been applied: check before trying again.";

const ADVICE: Record<Exclude<CauseCode, "organization_access">, (e: BookingtimeError) => string> = {
  not_bookingtime: () =>
    "Nothing was changed. Check BOOKINGTIME_API_URL and the values you passed.",
  upstream_failed: (e) => (e.repeatable ? "Try again in a moment." : NOT_RETRIED),
  unreachable: () => "Check the network and BOOKINGTIME_API_URL.",
  token_rejected: () => "Check that the app is still active and may access this organization.",
  not_found: () => "Check the ids you passed.",
  rate_limited: (e) => waitHint(e.retryAfterMs),
  unexpected_status: () =>
    "Check BOOKINGTIME_API_URL (normally https://api.bookingtime.com/app/v3).",
  rejected: (e) =>
    e.upstreamMessages.length > 0
      ? "Correct what the messages name, then call the tool again."
      : "Check the values you passed, then call the tool again.",
  credentials_rejected: () =>
    "Check BOOKINGTIME_CLIENT_ID and BOOKINGTIME_CLIENT_SECRET (the secret may be empty only for module-style apps), then restart the server.",
  auth_unreachable: () => "Check the network and BOOKINGTIME_AUTH_URL, then try again.",
  auth_failed: () => "bookingtime's sign-in service is having trouble; try again in a minute.",
  auth_not_token_endpoint: () =>
    "Check that BOOKINGTIME_AUTH_URL is bookingtime's token endpoint (https://auth.bookingtime.com/oauth/token).",
  token_requests_limited: (e) =>
    `Check the organization id (list_locations gives the valid ones), and try again in ${Math.max(1, Math.ceil((e.retryAfterMs ?? 0) / 1000))} s.`,
  content_with_error: () => "Correct what the messages name, then call the tool again.",
  content_unexpected: () =>
    "This is a bug or an API change; report it (the server log names the fields).",
  app_refused: () =>
    "Check BOOKINGTIME_APP_ID (your app's id, not an organization's) and that the app is still active; without BOOKINGTIME_APP_ID the configured organizations are listed instead.",
  cancelled: () => "Nothing; call the tool again if its result is still wanted.",
  time_zone_missing: () =>
    "Set the organization's time zone in bookingtime's organization settings (and check that this app may read them), then try again.",
};

/**
 * The "What to do" for an error, without the 404 addition: the tool layer's own advice when it
 * wrote one, else the advice for the cause the lower layer named.
 */
export function advice(error: BookingtimeError, organizationSource?: string): string | undefined {
  if (error.hint !== undefined) return error.hint;
  if (error.code === "organization_access") return organizationAccessHint(organizationSource);
  return error.code === undefined ? undefined : ADVICE[error.code]?.(error);
}
