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

export type IdKind = keyof typeof ID_PREFIX;

const patterns = Object.fromEntries(
  Object.entries(ID_PREFIX).map(([kind, prefix]) => [
    kind,
    new RegExp(`^${prefix}[A-Za-z0-9]{30}$`),
  ]),
) as Record<IdKind, RegExp>;

export function idPattern(kind: IdKind): RegExp {
  return patterns[kind];
}

export function isId(kind: IdKind, value: string): boolean {
  return patterns[kind].test(value);
}

export const ORGANIZATION_ID_PATTERN = patterns.organization;
