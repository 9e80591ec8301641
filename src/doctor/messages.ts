import { envelopeSchema } from "../bookingtime/envelope.js";
import { scrub } from "../bookingtime/scrub.js";
import type { TappedExchange } from "./tap.js";

const MAX_TEXT = 200;

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * What bookingtime said in an answer, for a person to read: every messageList text (of any
 * type), or a token endpoint's `error` and `error_description`. Scrubbed and shortened.
 */
export function messagesOf(ex: TappedExchange, secrets: readonly string[]): string[] {
  const json = parseJson(ex.body);
  if (json === null || typeof json !== "object") return [];
  const texts: string[] = [];
  const envelope = envelopeSchema.safeParse(json);
  if (envelope.success) {
    for (const m of envelope.data.messageList) {
      const text = m.parameter ? `${m.parameter}: ${m.text}` : m.text;
      if (text !== "") texts.push(text);
    }
  }
  const oauth = json as { error?: unknown; error_description?: unknown };
  if (typeof oauth.error === "string") {
    texts.push(
      typeof oauth.error_description === "string"
        ? `${oauth.error}: ${oauth.error_description}`
        : oauth.error,
    );
  }
  return texts.map((text) => {
    const clean = scrub(text, secrets).replace(/\s+/g, " ").trim();
    return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}…` : clean;
  });
}

/** Error messages inside a 2xx: the call worked, but bookingtime wants something said. */
export function warningsOf(ex: TappedExchange, secrets: readonly string[]): string[] {
  const json = parseJson(ex.body);
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return [];
  const errors = envelope.data.messageList.filter((m) => m.type !== "success" && m.text !== "");
  return errors.length === 0 ? [] : messagesOf(ex, secrets);
}
