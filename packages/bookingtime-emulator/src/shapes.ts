import { germanText } from "./messages-de.js";

/**
 * "default": the shapes this project first wrote (ISO date-times with offsets, 404/409/422).
 * "sdk": the shapes of the payloads in bookingtime's own SDK mocks (DateTime objects in UTC,
 * `customer: []`, numeric strings, every client error a 400 with a messageList).
 */
export type Shapes = "default" | "sdk";

/** What `customer|appointment/{customId}/identify` answers when nothing has that customId. */
export type IdentifyMiss = "404" | "empty" | "message";

export type Language = "en" | "de";

export const SHAPES: readonly Shapes[] = ["default", "sdk"];
export const IDENTIFY_MISSES: readonly IdentifyMiss[] = ["404", "empty", "message"];

export interface Message {
  class: "MESSAGE";
  type: "success" | "failure" | "error";
  parameter: string | null;
  text: string;
}

/** The language of the texts for a locale path segment: de, de_DE, de-AT… are German. */
export function languageOf(locale: string): Language {
  return /^de(?:[_-]|$)/i.test(locale) ? "de" : "en";
}

// bookingtime's error catalogue knows 400, 401, 403, 404, 405 and 500; its SDK mocks show no
// 404 body. In sdk mode everything the caller got wrong is a plain 400.
const SDK_CLIENT_ERRORS = new Set([404, 409, 422]);

export function shapeStatus(shapes: Shapes, status: number): number {
  return shapes === "sdk" && SDK_CLIENT_ERRORS.has(status) ? 400 : status;
}

/** Messages as the mode and the language write them; sdk mode never sends an empty list. */
export function shapeMessages(
  shapes: Shapes,
  language: Language,
  status: number,
  messages: readonly Message[],
): Message[] {
  const out = messages.map((m) => ({
    ...m,
    type: shapes === "sdk" && m.type === "failure" ? ("error" as const) : m.type,
    text: language === "de" ? germanText(m.text) : m.text,
  }));
  if (shapes === "sdk" && out.length === 0 && status >= 200 && status < 300) {
    // As in every SDK mock: one success message with an empty text.
    out.push({ class: "MESSAGE", type: "success", parameter: null, text: "" });
  }
  return out;
}

/** A LIST envelope content; the SDK mocks give recordTotal as a numeric string. */
export function listContent(shapes: Shapes, recordList: unknown[]) {
  return {
    class: "LIST",
    recordTotal: shapes === "sdk" ? String(recordList.length) : recordList.length,
    recordLimit: 9999,
    recordList,
  };
}
