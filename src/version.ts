import { createRequire } from "node:module";

// Read once from package.json so --version and the MCP handshake never disagree with npm.
export const VERSION: string = (
  createRequire(import.meta.url)("../package.json") as { version: string }
).version;
