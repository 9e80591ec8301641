#!/usr/bin/env node
// The entry only checks that this Node can run the server, then loads it: an older Node (desktop
// hosts often launch the system's) must get a clear message, not a failure on every call.
import { nodeVersionProblem } from "./node-version.js";

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
import("./main.js").then(
  (main) => main.start(),
  (error) => {
    process.stderr.write(`bookingtime-mcp: failed to load: ${String(error?.message ?? error)}\n`);
    process.exit(1);
  },
);
