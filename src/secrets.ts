/**
 * Every secret the process holds right now: the app's client secret, refresh and access tokens,
 * MCP bearer tokens, a password in an upstream URL. Fed where each is born (runtime, token
 * service, bearer auth) and applied where text leaves the process: each log line (logger.ts)
 * and each tool or resource result. Scrubbing by value catches a secret in any field, however an
 * upstream answer or an error happened to carry it.
 *
 * One registry per process, owned by the runtime: main.ts creates it before the logger (whose
 * every line it scrubs) and hands it to the token service, the bearer auth, the audit log and
 * the MCP servers' registries; a test builds its own. Bounded: the oldest tokens (long expired)
 * go first.
 */

const MAX_SECRETS = 64;
/** Shorter values would redact ordinary words. */
const MIN_LENGTH = 8;
const REDACTED = "[redacted]";

export class SecretRegistry {
  // Insertion-ordered; each secret with its JSON-escaped form when that differs.
  private readonly values = new Map<string, readonly string[]>();

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_LENGTH) return;
    this.values.delete(secret);
    const escaped = JSON.stringify(secret).slice(1, -1);
    this.values.set(secret, escaped === secret ? [secret] : [secret, escaped]);
    if (this.values.size > MAX_SECRETS) {
      const oldest = this.values.keys().next();
      if (!oldest.done) this.values.delete(oldest.value);
    }
  }

  /** True when any known secret occurs in the text (cheap: one substring search per secret). */
  foundIn(text: string): boolean {
    for (const forms of this.values.values()) {
      for (const form of forms) if (text.includes(form)) return true;
    }
    return false;
  }

  scrub(text: string): string {
    if (!this.foundIn(text)) return text;
    let out = text;
    for (const forms of this.values.values()) {
      for (const form of forms) out = out.replaceAll(form, REDACTED);
    }
    return out;
  }

  /** Strings anywhere in a JSON-like value, keys included; the same object when nothing matched. */
  scrubDeep<T>(value: T): T {
    if (typeof value === "string") return this.scrub(value) as T;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => this.scrubDeep(v)) as T;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [this.scrub(k), this.scrubDeep(v)]),
    ) as T;
  }

  /** For tests: forget everything. */
  clear(): void {
    this.values.clear();
  }
}

/**
 * `https://user:pass@host/path` → `https://[redacted]@host/path`, for logging a URL; the
 * password also joins the registry so that no other line shows it either.
 */
export function redactUrl(url: string, secrets: SecretRegistry): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    secrets.add(decodeURIComponent(parsed.password));
    secrets.add(parsed.password);
    parsed.username = "";
    parsed.password = "";
    return parsed.href.replace("//", `//${REDACTED}@`).replace(/\/$/, url.endsWith("/") ? "/" : "");
  } catch {
    return REDACTED;
  }
}
