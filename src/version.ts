import { createRequire } from "node:module";

// The build writes package.json's version in here (scripts/bundle.mjs), so dist/ runs on its own,
// copied anywhere; unbundled (tests), it is read from package.json. Either way --version and the
// MCP handshake never disagree with npm.
declare const __BOOKINGTIME_MCP_VERSION__: string | undefined;

export const VERSION: string =
  typeof __BOOKINGTIME_MCP_VERSION__ === "string"
    ? __BOOKINGTIME_MCP_VERSION__
    : (createRequire(import.meta.url)("../package.json") as { version: string }).version;
