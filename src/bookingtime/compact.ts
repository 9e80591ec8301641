function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

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
  return compact(input, opts.organizationId);
}

function compact(input: unknown, organizationId: string | undefined): unknown {
  if (Array.isArray(input)) {
    const out: unknown[] = [];
    for (const item of input) {
      const compacted = compact(item, organizationId);
      if (!isEmpty(compacted)) out.push(compacted);
    }
    return out;
  }
  if (input === null || typeof input !== "object") return input;
  const record = input as Record<string, unknown>;
  if (record.class === "INHERITANCE" && "result" in record) {
    return compact(record.result, organizationId);
  }
  const owner =
    record.class === "ORGANIZATION" && typeof record.id === "string" ? record.id : organizationId;
  const out: Record<string, unknown> = {};
  let hasI18n = false;
  for (const key in record) {
    if (key === "class") continue;
    const value = record[key];
    if (key === "organizationId" && value === organizationId && organizationId !== undefined) {
      continue;
    }
    const compacted = compact(value, owner);
    if (isEmpty(compacted)) continue;
    out[key] = compacted;
    if (key.endsWith(I18N_SUFFIX)) hasI18n = true;
  }
  return hasI18n ? dropRepeatedTranslations(out) : out;
}

/** `descriptionI18nList: [{key: "en", value: X}]` beside `description: X` repeats X. */
function dropRepeatedTranslations(out: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(out)) {
    if (!key.endsWith(I18N_SUFFIX)) continue;
    const base = out[key.slice(0, -I18N_SUFFIX.length)];
    const list = out[key];
    if (typeof base !== "string" || !Array.isArray(list)) continue;
    const kept = list.filter(
      (entry) => !(typeof entry === "object" && entry !== null && entry.value === base),
    );
    if (kept.length === 0) delete out[key];
    else if (kept.length < list.length) out[key] = kept;
  }
  return out;
}
