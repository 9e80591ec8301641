import { z } from "zod";
import { namedShapes, resultSchema } from "./output-shapes.js";

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Every `$ref` to `#/$defs/<name>` in a schema, counted by name. */
function countRefs(node: unknown, counts: Map<string, number>): void {
  if (Array.isArray(node)) for (const item of node) countRefs(item, counts);
  if (!isSchema(node)) return;
  const ref = node.$ref;
  if (typeof ref === "string" && ref.startsWith("#/$defs/")) {
    const name = ref.slice("#/$defs/".length);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const child of Object.values(node)) countRefs(child, counts);
}

/** The schema with each `$ref` to one of `defs` replaced by the definition itself. */
function inline(node: unknown, defs: Map<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, defs));
  if (!isSchema(node)) return node;
  const ref = node.$ref;
  if (typeof ref === "string" && defs.has(ref.slice("#/$defs/".length))) {
    return inline(defs.get(ref.slice("#/$defs/".length)), defs);
  }
  const out: Schema = {};
  for (const [key, child] of Object.entries(node)) {
    // Open objects stay open without saying so; pass-through records say so (output-shapes.ts).
    if (key === "additionalProperties" && child === false) continue;
    if (key === "additionalProperties" && isSchema(child) && Object.keys(child).length === 0) {
      out[key] = true;
      continue;
    }
    // z.record's keys are strings anyway in JSON.
    if (key === "propertyNames") continue;
    out[key] = inline(child, defs);
  }
  return out;
}

/**
 * A shape used once is written in place; one used more than once is written once under
 * `$defs` and referred to, which keeps each tool's listing small.
 */
function shareOnlyWhatRepeats(schema: Schema): Schema {
  const { $schema: _, $defs, ...root } = schema;
  const defs = new Map(Object.entries(isSchema($defs) ? $defs : {}));
  const counts = new Map<string, number>();
  countRefs(root, counts);
  for (const def of defs.values()) countRefs(def, counts);
  const once = new Map([...defs].filter(([name]) => (counts.get(name) ?? 0) <= 1));
  const out = inline(root, once) as Schema;
  const kept = [...defs].filter(([name]) => !once.has(name));
  if (kept.length > 0) {
    out.$defs = Object.fromEntries(kept.map(([name, def]) => [name, inline(def, once)]));
  }
  return out;
}

/**
 * What tools/list says a tool returns: every field with its type, including those the registry
 * adds to any result (truncation, bookingtime's messages), in JSON Schema 2020-12 (`$defs`).
 */
export function outputListing(output: z.ZodObject): Schema {
  const json = z.toJSONSchema(resultSchema(output), {
    target: "draft-2020-12",
    io: "output",
    metadata: namedShapes,
  }) as Schema;
  return shareOnlyWhatRepeats(json);
}
