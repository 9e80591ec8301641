/** What an OAuth access token may carry; capabilities build on each other in this order. */
export const SCOPES = {
  read: "bookingtime:read",
  write: "bookingtime:write",
  cancel: "bookingtime:cancel",
} as const;
export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);
