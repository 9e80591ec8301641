import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The subschemas of a node, with the path each sits at. */
function children(node: Schema, path: string): Array<[unknown, string]> {
  const out: Array<[unknown, string]> = [];
  for (const key of ["properties", "$defs", "patternProperties"]) {
    const map = node[key];
    if (isSchema(map))
      for (const [name, sub] of Object.entries(map)) out.push([sub, `${path}.${name}`]);
  }
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) out.push([sub, `${path}.${key}[${i}]`]);
  }
  for (const key of ["items", "additionalProperties", "not", "contains"]) {
    if (isSchema(node[key])) out.push([node[key], `${path}.${key}`]);
  }
  return out;
}

// What the MCP Inspector's --strict mode counts as saying what a value is.
const TYPING = ["type", "enum", "const", "$ref", "anyOf", "oneOf", "allOf"];

/**
 * Where a listed schema says nothing about a value (`{}`), uses a `type` array (less portable),
 * closes an object (`additionalProperties: false`) or refers to a missing definition.
 */
export function schemaProblems(schema: Schema, root = "outputSchema"): string[] {
  const problems: string[] = [];
  const defs = isSchema(schema.$defs) ? schema.$defs : {};
  const visit = (node: unknown, path: string) => {
    if (!isSchema(node)) return;
    if (!TYPING.some((k) => k in node)) problems.push(`${path}: untyped`);
    if (Array.isArray(node.type)) problems.push(`${path}: type array`);
    if (node.additionalProperties === false) problems.push(`${path}: closed object`);
    const ref = node.$ref;
    if (typeof ref === "string" && !(ref.replace("#/$defs/", "") in defs)) {
      problems.push(`${path}: $ref ${ref} not in $defs`);
    }
    for (const [child, at] of children(node, path)) visit(child, at);
  };
  visit(schema, root);
  return problems;
}

/**
 * The schema with every object that names its properties closed, except those that say they
 * are open (`additionalProperties: true`, records passed through from bookingtime): a result
 * valid against it carries no field its listing does not name.
 */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!isSchema(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps names to schemas: each value is a schema, the map itself is not.
    out[key] =
      key === "properties" || key === "$defs"
        ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, closed(v)]))
        : closed(value);
  }
  if ("properties" in schema && !("additionalProperties" in schema)) {
    out.additionalProperties = false;
  }
  return out;
}

/** Validators for a listed outputSchema: as listed, and closed (every field named). */
export function outputValidators(schema: Schema): {
  listed: ValidateFunction;
  complete: ValidateFunction;
} {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  return { listed: ajv.compile(schema), complete: ajv.compile(closed(schema) as Schema) };
}
