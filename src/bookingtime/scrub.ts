// JWTs (bookingtime's tokens are JWTs) and "Bearer x" pairs, wherever an upstream text quotes them.
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// Not a credential already redacted (a JWT or known secret replaced first): "[redacted" would match
// up to its "]" and leave a stray one behind.
const BEARER = /\bBearer\s+(?!\[redacted\])[^\s"',;)\]}]+/gi;

/**
 * Upstream texts (messages, error bodies) reach logs and the model; a server that echoes the
 * token it was sent must not make us leak it. `secrets` are the exact values we know of.
 */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, "[redacted]");
  }
  return out.replace(JWT, "[redacted]").replace(BEARER, "Bearer [redacted]");
}
