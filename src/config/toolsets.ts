import { TOOLSETS, type Toolset } from "../toolsets.js";
import { fail } from "./fail.js";

/** A comma list of known groups; an unknown name stops the server rather than hiding tools silently. */
export function parseToolsets(
  flag: string | undefined,
  variable: string | undefined,
): readonly Toolset[] | undefined {
  const source = flag !== undefined ? "--toolsets" : "BOOKINGTIME_TOOLSETS";
  const raw = flag ?? variable;
  if (raw === undefined) return undefined;
  const names = raw
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  const valid = `Valid toolsets: ${TOOLSETS.join(", ")}.`;
  if (names.length === 0) fail(`${source} names no toolset. ${valid}`);
  const unknown = names.filter((name) => !(TOOLSETS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    // Echoing the names is safe: they were checked against nothing secret and are short.
    fail(
      `${source}: unknown toolset ${unknown.map((n) => `'${n.slice(0, 40)}'`).join(", ")}. ${valid}`,
    );
  }
  return [...new Set(names as Toolset[])];
}
