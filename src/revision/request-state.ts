import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * MRTR's `requestState`: what the server asked, bound to the caller, the call and the exact
 * question, signed (HMAC-SHA256) so that a client cannot forge or reuse it, and short-lived.
 * The key lives for the process: an answer is accepted by the process that asked, which is also
 * where the per-process booking memory lives; a state from elsewhere just gets the question again.
 */
const KEY = randomBytes(32);
export const STATE_TTL_MS = 10 * 60_000;

export interface StateClaims {
  /** The caller's id ("stdio" locally). */
  caller: string;
  /** What the answer is for: method, tool or prompt name, arguments and the question itself. */
  subject: unknown;
}

export function digest(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("base64url");
}

export function signState(claims: StateClaims, now: number): string {
  const body = Buffer.from(
    JSON.stringify({ c: claims.caller, s: digest(claims.subject), e: now + STATE_TTL_MS }),
  ).toString("base64url");
  return `${body}.${mac(body)}`;
}

/** Whether `state` was signed here for exactly these claims and has not expired. */
export function verifyState(state: unknown, claims: StateClaims, now: number): boolean {
  if (typeof state !== "string") return false;
  const [body, tag, extra] = state.split(".");
  if (!body || !tag || extra !== undefined) return false;
  const expected = Buffer.from(mac(body));
  const given = Buffer.from(tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  try {
    const { c, s, e } = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return c === claims.caller && s === digest(claims.subject) && typeof e === "number" && now < e;
  } catch {
    return false;
  }
}

const mac = (body: string) => createHmac("sha256", KEY).update(body).digest("base64url");

/** JSON with object keys sorted, so that the same arguments give the same digest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
