import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { splitNamedToken } from "../access/named-token.js";
import type { SecretRegistry } from "../secrets.js";
import { ConfigError } from "../settings/types.js";

const digest = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();

export type AuthResult = "ok" | "missing" | "invalid";

/** The token in an Authorization header, or undefined when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer +([^\s]+) *$/i.exec(authorization ?? "")?.[1];
}

/**
 * Bearer tokens for /mcp. Only digests are kept, and every configured token is compared in
 * constant time (equal-length hashes), so neither timing nor a heap dump gives a token away.
 */
export class BearerAuth {
  private readonly digests: readonly Buffer[];
  private readonly names: readonly (string | undefined)[];

  /** Each entry a token or `name:token`; each token joins the process's live secrets. */
  constructor(entries: readonly string[], secrets: SecretRegistry) {
    if (entries.length === 0) throw new Error("BearerAuth needs at least one token");
    const tokens = entries.map(splitNamedToken);
    this.digests = tokens.map((t) => digest(t.token));
    this.names = tokens.map((t) => t.name);
    for (const { token } of tokens) secrets.add(token);
  }

  check(authorization: string | undefined): AuthResult {
    return this.match(bearerToken(authorization)).result;
  }

  /** The result for a presented token and, when it matched a named one, that name. */
  match(presentedToken: string | undefined): { result: AuthResult; name?: string | undefined } {
    if (!presentedToken) return { result: "missing" };
    const presented = digest(presentedToken);
    let found = -1;
    // No early exit: the time taken does not depend on which token matched.
    for (let i = 0; i < this.digests.length; i++) {
      if (timingSafeEqual(presented, this.digests[i] as Buffer)) found = i;
    }
    return found < 0 ? { result: "invalid" } : { result: "ok", name: this.names[found] };
  }
}

/**
 * Generates a token and writes it to `path`, readable by the owner only. Written to a fresh file
 * and renamed into place, so an existing file or symlink at `path` is replaced, never followed.
 */
export async function writeGeneratedToken(path: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(temporary, `${token}\n`, { mode: 0o600, flag: "wx" });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
    return token;
  } catch (error) {
    // No half-written token left behind; a stale temp file would hold a valid-looking secret.
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(
      `Cannot write the generated bearer token to ${path} (${code}). Set BOOKINGTIME_MCP_TOKEN_FILE to a writable path, or set BOOKINGTIME_MCP_TOKENS so that no token is generated.`,
    );
  }
}
