import { BookingtimeError } from "../../bookingtime/errors.js";

/** The organization is outside BOOKINGTIME_ALLOWED_ORGANIZATIONS; nothing was sent. */
export class OrganizationNotAllowedError extends BookingtimeError {
  readonly kind = "organization_not_allowed";
}

/**
 * The operator's list of organizations this server may touch. Checked where every tool,
 * resource and prompt resolves its organization (argument, default, X-Bookingtime-Organization
 * header, resource URI), so no path reaches the token endpoint or the API with another one.
 */
export function assertAllowedOrganization(
  id: string,
  allowed: readonly string[] | undefined,
  /** Set when the id is the default, to say where that came from. */
  defaultSource: string | undefined,
  /** Set when the list is this caller's (scopes, policy file), not the server's own. */
  perCaller = false,
): void {
  if (allowed === undefined || allowed.includes(id)) return;
  const listed = allowed.slice(0, 5).join(", ") + (allowed.length > 5 ? ", …" : "");
  const from = defaultSource ? ` (the default organization, from ${defaultSource})` : "";
  if (perCaller) {
    throw new OrganizationNotAllowedError(
      `Organization ${id}${from} is not one you may use on this server; nothing was sent to bookingtime.`,
      {
        hint: `${allowed.length > 0 ? `Use one of yours: ${listed}` : "You may use no organization here"}. If you should have this one, ask the server's operator to add it to your entry in the policy file.`,
      },
    );
  }
  throw new OrganizationNotAllowedError(
    `Organization ${id}${from} is not one this server may use; nothing was sent to bookingtime.`,
    {
      hint: `Use an organization from BOOKINGTIME_ALLOWED_ORGANIZATIONS: ${listed}. If this one should be allowed, the server's operator must add it.`,
    },
  );
}
