// Builds bookingtime-mcp.mcpb (Claude Desktop's one-click bundle) from the current dist/ with the
// official @anthropic-ai/mcpb CLI. `npm run bundle` builds first. The bundle holds what runs and
// nothing else: the bundle needs no node_modules (see README, "Runtime dependencies").
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const output = resolve(process.argv[2] ?? join(root, "bookingtime-mcp.mcpb"));
if (!existsSync(join(root, "dist", "index.js"))) {
  throw new Error("dist/index.js is missing: run `npm run build` first");
}

const stage = mkdtempSync(join(tmpdir(), "bookingtime-mcp-mcpb-"));
try {
  for (const file of ["manifest.json", "icon.png"]) {
    cpSync(join(root, "mcpb", file), join(stage, file));
  }
  cpSync(join(root, "LICENSE"), join(stage, "LICENSE"));
  // Source maps stay out (the CLI skips *.map as well); tool-listing.json and notices go in.
  cpSync(join(root, "dist"), join(stage, "dist"), {
    recursive: true,
    filter: (path) => !path.endsWith(".map"),
  });
  // dist/ carries its own version (the build writes it in); the bundle keeps a small package.json
  // that names the package, as a Node app folder has.
  const pkg = createRequire(import.meta.url)("../package.json");
  const { name, version, description, license, type } = pkg;
  writeFileSync(
    join(stage, "package.json"),
    `${JSON.stringify({ name, version, description, license, type }, null, 2)}\n`,
  );
  // The package exports no path to its CLI; this is the file its "bin" names.
  const cli = join(root, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");
  execFileSync(process.execPath, [cli, "pack", stage, output], { stdio: ["ignore", 2, 2] });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
