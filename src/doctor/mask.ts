import { scrub } from "../bookingtime/scrub.js";

/**
 * Keys whose values are personal data, matched on the key's end (firstName, lastName,
 * publicName, contactPerson...). Their values are masked however deep they sit.
 */
const PERSONAL_SUFFIXES = [
  "name",
  "email",
  "phone",
  "mobile",
  "telephone",
  "fax",
  "address",
  "street",
  "extra",
  "zip",
  "city",
  "note",
  "notes",
  "birthday",
  "birthdate",
  "contactperson",
  "title",
  "latitude",
  "longitude",
];

// Structure inside a personal value (INHERITANCE wrappers, class tags, ids) stays readable.
const STRUCTURAL_KEYS = new Set([
  "class",
  "inheritance",
  "type",
  "id",
  "customId",
  "country",
  "gender",
]);

const TOKEN_KEYS = new Set(["access_token", "refresh_token", "id_token", "token"]);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function personalKind(key: string): string | undefined {
  const lower = key.toLowerCase();
  return PERSONAL_SUFFIXES.find((suffix) => lower.endsWith(suffix));
}

function placeholder(kind: string, value: string): string {
  if (kind === "email") return "masked@example.com";
  if (kind === "phone" || kind === "mobile" || kind === "telephone" || kind === "fax") {
    return "+490000000000";
  }
  if (kind === "zip") return "00000";
  // A date keeps its form (and any time part), so a fixture still shows how dates come.
  if ((kind === "birthday" || kind === "birthdate") && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    return `1970-01-01${value.slice(10)}`;
  }
  return "masked";
}

/**
 * A copy of a bookingtime payload fit to become a contract fixture: tokens removed, personal
 * data masked by key name, recursively. Types stay (a masked string is a string, a masked
 * number 0) and so do empty values, since "empty or set" is part of the shape.
 */
export function maskPayload(value: unknown, secrets: readonly string[]): unknown {
  return walk(value, undefined, secrets);
}

function walk(value: unknown, kind: string | undefined, secrets: readonly string[]): unknown {
  if (typeof value === "string") {
    if (kind !== undefined && value !== "") return placeholder(kind, value);
    if (EMAIL.test(value)) return "masked@example.com";
    return scrub(value, secrets);
  }
  if (typeof value === "number") return kind === undefined ? value : 0;
  if (Array.isArray(value)) return value.map((item) => walk(item, kind, secrets));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (TOKEN_KEYS.has(key.toLowerCase())) {
      out[key] = typeof inner === "string" ? "[redacted]" : inner;
    } else if (STRUCTURAL_KEYS.has(key)) {
      out[key] = walk(inner, undefined, secrets);
    } else {
      out[key] = walk(inner, personalKind(key) ?? kind, secrets);
    }
  }
  return out;
}
