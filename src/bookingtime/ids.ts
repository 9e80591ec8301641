/**
 * bookingtime IDs are 32 characters: a 2-character type prefix and 30 alphanumerics
 * (reference §8). Checking them before a request keeps user input out of URLs unchecked.
 */
export const ID_PREFIX = {
  organization: "f6",
  customer: "d3",
  appointment: "ed",
  bookingTemplate: "fc",
  bookingSlot: "4f",
  bookingResource: "br",
} as const;

export const ORGANIZATION_ID_PATTERN = new RegExp(`^${ID_PREFIX.organization}[A-Za-z0-9]{30}$`);
