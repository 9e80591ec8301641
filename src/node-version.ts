/**
 * The oldest Node this server runs on (package.json "engines"): undici 7 needs the File and
 * fetch globals of Node 20, and without them every call fails later with a misleading error.
 * Kept free of anything newer than Node 16 syntax and APIs: it runs before the rest is loaded.
 */
export const NEEDED_NODE = "20.18.1";

/** Why this Node cannot run the server, or undefined when it can. */
export function nodeVersionProblem(
  found: string,
  needed: string = NEEDED_NODE,
): string | undefined {
  const have = parts(found);
  const want = parts(needed);
  for (let i = 0; i < 3; i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a > b) return undefined;
    if (a < b) {
      return (
        "bookingtime-mcp needs Node.js " +
        needed +
        " or newer, but was started with Node.js " +
        found +
        " (" +
        process.execPath +
        "). Install a current Node.js (https://nodejs.org), or " +
        'point your MCP client\'s "command" at that node binary.'
      );
    }
  }
  return undefined;
}

function parts(version: string): number[] {
  return version
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10) || 0);
}
