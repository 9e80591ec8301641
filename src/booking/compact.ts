const I18N_SUFFIX = "I18nList";

export interface EffectiveOptions {
  /**
   * The organization the record belongs to: nested `organizationId`s equal to it say nothing.
   * Inside an ORGANIZATION record its own id is used.
   */
  organizationId?: string | undefined;
}

/**
 * The effective view of a bookingtime record: each `{class: "INHERITANCE", value, result}`
 * becomes its `result`, `class` tags go, and empty values (null, "", [], {}) are dropped.
 * `false` and `0` are values and stay. Two kinds of repetition go as well: a nested
 * `organizationId` naming the organization the record sits in, and entries of an `xI18nList`
 * whose text equals the effective `x` beside it (other languages stay).
 */
export function effective(input: unknown, opts: EffectiveOptions = {}): unknown {
  const out = compact(input, opts.organizationId);
  if (out !== EMPTY) return out;
  // At the top level an empty value is returned as the empty value it is.
  return input === null || typeof input !== "object" ? input : Array.isArray(input) ? [] : {};
}

/** Marks a value that compacts to nothing; it runs once per node on every tool call. */
const EMPTY = Symbol("empty");

function compact(input: unknown, organizationId: string | undefined): unknown {
  if (input === null || input === undefined || input === "") return EMPTY;
  if (typeof input !== "object") return input;
  if (Array.isArray(input)) {
    const out: unknown[] = [];
    for (const item of input) {
      const compacted = compact(item, organizationId);
      if (compacted !== EMPTY) out.push(compacted);
    }
    return out.length === 0 ? EMPTY : out;
  }
  const record = input as Record<string, unknown>;
  if (record.class === "INHERITANCE" && "result" in record) {
    return compact(record.result, organizationId);
  }
  const owner =
    record.class === "ORGANIZATION" && typeof record.id === "string" ? record.id : organizationId;
  const out: Record<string, unknown> = {};
  let kept = 0;
  let hasI18n = false;
  for (const key in record) {
    if (key === "class") continue;
    const value = record[key];
    if (key === "organizationId" && value === organizationId && organizationId !== undefined) {
      continue;
    }
    const compacted = compact(value, owner);
    if (compacted === EMPTY) continue;
    out[key] = compacted;
    kept++;
    if (key.endsWith(I18N_SUFFIX)) hasI18n = true;
  }
  if (hasI18n) kept -= dropRepeatedTranslations(out);
  return kept === 0 ? EMPTY : out;
}

/**
 * `descriptionI18nList: [{key: "en", value: X}]` beside `description: X` repeats X.
 * Returns how many keys it removed.
 */
function dropRepeatedTranslations(out: Record<string, unknown>): number {
  let removed = 0;
  for (const key of Object.keys(out)) {
    if (!key.endsWith(I18N_SUFFIX)) continue;
    const base = out[key.slice(0, -I18N_SUFFIX.length)];
    const list = out[key];
    if (typeof base !== "string" || !Array.isArray(list)) continue;
    const kept = list.filter(
      (entry) => !(typeof entry === "object" && entry !== null && entry.value === base),
    );
    if (kept.length === 0) {
      delete out[key];
      removed++;
    } else if (kept.length < list.length) {
      out[key] = kept;
    }
  }
  return removed;
}
