/**
 * Every string in bookingtime's answers was typed by someone: a customer booking online, staff,
 * whoever set up a service. Before any of it reaches the model it is cleaned here, once, where
 * each answer is read (envelope.ts), so tools, results and logs all hold the cleaned values and
 * no tool can forget: characters that hide text from the person reading along are removed,
 * control characters are escaped visibly, and overlong values are cut with a marker. Markup is
 * left as text: it is never rendered, and stripping it would change what staff wrote.
 */

// Invisible carriers: Unicode tag characters (ASCII written invisibly), the variation selectors
// supplement and a second variation selector in a row (bytes smuggled behind an emoji),
// zero-width and invisible formatting characters, the soft hyphen (splits a word unseen), and
// bidi controls (reorder what a person sees against what the model reads).
const INVISIBLE =
  "[\\u{E0000}-\\u{E007F}\\u{E0100}-\\u{E01EF}]|(?<=[\\uFE00-\\uFE0F])[\\uFE00-\\uFE0F]" +
  "|[\\u00AD\\u180E\\u200B\\u200C\\u2060-\\u2064\\uFEFF\\uFFF9-\\uFFFB]" +
  "|[\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]" +
  // A zero-width joiner is kept only inside an emoji sequence (👨‍👩‍👧, 🏳️‍🌈).
  "|\\u200D(?!\\p{Extended_Pictographic})" +
  "|(?<!\\p{Extended_Pictographic}[\\uFE0F\\u{1F3FB}-\\u{1F3FF}]?)\\u200D";
const REMOVE = new RegExp(INVISIBLE, "gu");

// Shown as `\u0007`: C0 controls but tab and line feed, DEL, C1 controls (U+0085 breaks lines
// for some readers), the Unicode line and paragraph separators, and lone surrogates (a broken
// character; in unicode mode a paired surrogate is one code point and does not match).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const ESCAPE = /[\0-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]|\p{Surrogate}/gu;

/**
 * Every character the slow path might change, as one plain class (no lookaround: it runs on
 * every string of every answer); most values have none and are returned as they are.
 */
const SUSPECT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\0-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E01EF}]|[\uFE00-\uFE0F]|\p{Surrogate}/u;

/** Whether a text holds a character that hides text from the person reading along. */
export function hasHidden(text: string): boolean {
  REMOVE.lastIndex = 0;
  return REMOVE.test(text);
}

/** The text without those characters; nothing else changes (no cut, no escape). */
export function withoutHidden(text: string): string {
  return text.replace(REMOVE, "");
}

/** Characters that belong to the one before them: a cut never separates them from it. */
const ATTACHED = /^(?:\p{M}|\u200D|[\uFE00-\uFE0F]|[\u{1F3FB}-\u{1F3FF}])$/u;

export const TEXT_LIMITS = {
  /** Names, emails, phone numbers, address parts: one line's worth. */
  short: 200,
  /** Notes, descriptions, messages and anything not known to be short. */
  long: 2000,
} as const;

const hex = (c: string) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;

/** One value, cleaned; `maxChars` (code points) undefined: never cut. */
export function cleanText(text: string, maxChars?: number): string {
  if ((maxChars === undefined || text.length <= maxChars) && !SUSPECT.test(text)) return text;
  // Windows line ends are line ends, not control characters worth showing.
  const visible = text.replace(REMOVE, "").replace(/\r\n?/g, "\n");
  return cut(visible, maxChars).replace(ESCAPE, hex);
}

function cut(text: string, maxChars: number | undefined): string {
  if (maxChars === undefined || text.length <= maxChars) return text;
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  let end = maxChars;
  while (end > 0 && ATTACHED.test(chars[end] ?? "")) end--;
  return `${chars.slice(0, end).join("")}…[cut ${chars.length - end} chars]`;
}

// Keys whose values our code sends back (ids, customIds, slot combinations): cleaning cannot
// change an id that a request path accepts (letters, digits, - and _), and they are never cut.
const ID_KEY = /^(?:id|customId|bookingResourceCombination)$|Ids?$/;
const SHORT_KEY =
  /(?:name|Name)$|^(?:title|email|mobile|phone|street|zip|city|country|extra|gender|locale|currency|category|type|class|timeZone)$/;

/** How long a value under this key may be; undefined: not cut. */
export function limitFor(key: string | undefined): number | undefined {
  if (key === undefined) return TEXT_LIMITS.long;
  if (ID_KEY.test(key)) return undefined;
  return SHORT_KEY.test(key) ? TEXT_LIMITS.short : TEXT_LIMITS.long;
}

/**
 * Every string in a parsed JSON value, keys included, cleaned with the limit its key calls for.
 * Changes `value` in place: it comes fresh from JSON.parse, and copying every answer would cost
 * each call for the rare value that changes.
 */
export function cleanDeep(value: unknown, key?: string): unknown {
  if (typeof value === "string") {
    // The common case decided before the key's limit is looked up: short and nothing to change.
    if (value.length <= TEXT_LIMITS.short && !SUSPECT.test(value)) return value;
    return cleanText(value, limitFor(key));
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanDeep(value[i], key);
    return value;
  }
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const v = record[k];
    const cleanKey =
      SUSPECT.test(k) || k.length > TEXT_LIMITS.short ? cleanText(k, TEXT_LIMITS.short) : k;
    const cleaned = cleanDeep(v, cleanKey);
    if (cleanKey !== k) delete record[k];
    if (cleanKey !== k || cleaned !== v) {
      // defineProperty: an own "__proto__" key from JSON.parse stays a plain property.
      Object.defineProperty(record, cleanKey, {
        value: cleaned,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }
  return value;
}
