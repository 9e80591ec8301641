function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/**
 * The effective view of a bookingtime record: each `{class: "INHERITANCE", value, result}`
 * becomes its `result`, `class` tags go, and empty values (null, "", [], {}) are dropped.
 * `false` and `0` are values and stay.
 */
export function effective(input: unknown): unknown {
  if (Array.isArray(input)) {
    return input.map(effective).filter((item) => !isEmpty(item));
  }
  if (input === null || typeof input !== "object") return input;
  const record = input as Record<string, unknown>;
  if (record.class === "INHERITANCE" && "result" in record) return effective(record.result);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "class") continue;
    const compacted = effective(value);
    if (!isEmpty(compacted)) out[key] = compacted;
  }
  return out;
}
