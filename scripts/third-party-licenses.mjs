// The bundle inlines its runtime dependencies, so their MIT/ISC/BSD notices must travel with it:
// one file listing every package esbuild took code from, with that package's own license text.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** `metafile.inputs` paths -> package directories under node_modules (scoped names kept). */
function packageDirs(inputs) {
  const dirs = new Set();
  for (const path of inputs) {
    // Plugin namespaces ("zod-locales:...") name no file; the real module appears as well.
    const match = path.includes(":") ? null : /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (match?.[1]) dirs.add(match[1]);
  }
  return [...dirs].sort();
}

export function writeThirdPartyLicenses(metafile, outfile) {
  const sections = packageDirs(Object.keys(metafile.inputs)).map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = existsSync(dir)
      ? readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name))
      : undefined;
    const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${pkg.license}`;
    return `${pkg.name}@${pkg.version} (${pkg.license})\n\n${text}`;
  });
  const header =
    "bookingtime-mcp bundles code from the packages below; their license notices follow.\n";
  writeFileSync(outfile, `${header}\n${sections.join(`\n\n${"-".repeat(72)}\n\n`)}\n`);
  return sections.length;
}
