import type { z } from "zod";

/**
 * Argument shapes models commonly send that the tool's schema would refuse although the meaning
 * is plain: `null` or `""` for an optional field they mean to leave out, a number for a string
 * (`customId: 1906`), and an object or array written as a JSON string (some hosts serialize
 * nested arguments). Each is repaired here, guided by the tool's own input schema, before that
 * schema checks the arguments; anything else is left as sent, so validation still fails with the
 * field named. Only values the schema would refuse are changed: an optional `""` the field
 * accepts (update_customer's `notes: ""` clears the notes) stays. tools/list is not affected.
 */

type Schema = z.ZodType;
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
}

const defOf = (schema: Schema) => schema._zod.def as unknown as Def;

// Wrappers whose inner schema sees the value first (or after a default fills it in).
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly"]);

/** The schema that decides what a value must look like: wrappers and pipes looked through. */
function core(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType && WRAPPERS.has(def.type)) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A number written the way a person would type it: no exponent, no lost digits. */
function decimal(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return undefined;
  const text = String(value);
  return /e/i.test(text) ? undefined : text;
}

/** A JSON object or array in a string, when it is one; else undefined. */
function parsedJson(text: string, want: "object" | "array"): unknown {
  const trimmed = text.trim();
  if (!(want === "object" ? trimmed.startsWith("{") : trimmed.startsWith("["))) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return want === "object"
      ? isPlainObject(value)
        ? value
        : undefined
      : Array.isArray(value)
        ? value
        : undefined;
  } catch {
    return undefined;
  }
}

function repair(schema: Schema, value: unknown): unknown {
  const target = core(schema);
  const def = defOf(target);
  if (typeof value === "number" && def.type === "string") return decimal(value) ?? value;
  if (typeof value === "string" && (def.type === "object" || def.type === "array")) {
    const parsed = parsedJson(value, def.type);
    return parsed === undefined ? value : repair(target, parsed);
  }
  if (def.type === "object" && def.shape && isPlainObject(value)) {
    return repairFields(def.shape, value);
  }
  if (def.type === "array" && def.element && Array.isArray(value)) {
    const element = def.element;
    const items = value.map((item) => repair(element, item));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  return value;
}

/** A copy with the repaired fields when any changed; the caller's object is never modified. */
function repairFields(shape: Record<string, Schema>, value: Record<string, unknown>): unknown {
  let out: Record<string, unknown> | undefined;
  for (const [key, given] of Object.entries(value)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field === undefined) continue;
    const absent =
      (given === null || given === "") &&
      // "optional" or "defaulted": leaving the field out is allowed.
      field._zod.optin !== undefined &&
      !field.safeParse(given).success;
    const next = absent ? undefined : repair(field, given);
    if (!absent && next === given) continue;
    out ??= { ...value };
    if (absent) delete out[key];
    else out[key] = next;
  }
  return out ?? value;
}

/** The arguments as the tool's schema should see them; no arguments at all are `{}`. */
export function lenientArguments(input: Schema, args: unknown): unknown {
  return args === undefined || args === null ? {} : repair(input, args);
}
