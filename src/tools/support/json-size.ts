/**
 * JSON byte sizes without serialising the whole value: the result budget measures every node
 * of a result in one pass, and must agree exactly with JSON.stringify so a cut result fits.
 */

// What JSON.stringify escapes: quote, backslash, control characters, and (well-formed
// JSON.stringify) lone surrogates; a cheap test (a superset: all of Cc) picks the slow path.
const ESCAPED = /["\\\p{Cc}\p{Cs}]/u;

/**
 * Buffer.byteLength(JSON.stringify(text)). Most strings need no escaping and are measured
 * natively; the others are serialised alone (one string, never the whole result).
 */
export function jsonStringBytes(text: string): number {
  if (!ESCAPED.test(text)) return 2 + Buffer.byteLength(text, "utf8");
  return Buffer.byteLength(JSON.stringify(text), "utf8");
}

/** Size of a JSON primitive other than a string. */
export function jsonBytes(value: null | boolean | number): number {
  if (value === null) return 4;
  if (typeof value === "boolean") return value ? 4 : 5;
  return Number.isFinite(value) ? String(value).length : 4;
}

/** JSON bytes of one code point, without the quotes. */
function codePointBytes(cp: number): number {
  if (cp === 0x22 || cp === 0x5c || cp === 0x08 || cp === 0x0c) return 2;
  if (cp === 0x0a || cp === 0x0d || cp === 0x09) return 2;
  if (cp < 0x20) return 6;
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp >= 0xd800 && cp <= 0xdfff) return 6; // lone surrogate
  return cp > 0xffff ? 4 : 3;
}

/**
 * The longest prefix of whole code points whose JSON (without quotes) is at most `maxBytes`.
 * Costs O(maxBytes), however long the text.
 */
export function prefixWithin(text: string, maxBytes: number): { text: string; bytes: number } {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) as number;
    const size = codePointBytes(cp);
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += cp > 0xffff ? 2 : 1;
  }
  return { text: text.slice(0, i), bytes };
}
