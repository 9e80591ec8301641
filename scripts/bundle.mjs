// Builds dist/ as a bundle. One file per entry instead of ~300 modules under node_modules:
// module resolution, file reads and per-module compilation were most of the start-up time.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { writeThirdPartyLicenses } from "./third-party-licenses.mjs";

/**
 * zod re-exports its error messages in ~50 languages as `z.locales`; nothing here uses them
 * (zod configures English itself), yet they were a third of the bundle V8 parses at start.
 */
const englishOnlyZodLocales = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes("/node_modules/zod/")
        ? { path: join(dirname(args.importer), args.path), namespace: "zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

/**
 * The SDK's Server imports Ajv statically only to construct a default validator when none is
 * given; src/server.ts always gives one and loads Ajv itself on first need. Without this the
 * whole of Ajv is parsed and evaluated on every start.
 */
const noDefaultAjvInSdkServer = {
  name: "no-default-ajv-in-sdk-server",
  setup(b) {
    b.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) =>
      /\/@modelcontextprotocol\/sdk\/dist\/esm\/server\/index\.js$/.test(args.importer)
        ? { path: "sdk-default-ajv", namespace: "no-default-ajv" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "no-default-ajv" }, () => ({
      contents:
        'export class AjvJsonSchemaValidator { constructor() { throw new Error("bookingtime-mcp gives the SDK its own jsonSchemaValidator"); } }',
      loader: "js",
    }));
  },
};

const { version } = JSON.parse(readFileSync("package.json", "utf8"));

rmSync("dist", { recursive: true, force: true });
const { metafile } = await build({
  // The server, and the emulator as its own entry for the benchmark and for tools that import it.
  entryPoints: {
    index: "src/index.ts",
    "sandbox/index": "packages/bookingtime-emulator/src/index.ts",
  },
  outdir: "dist",
  bundle: true,
  // Shared code and lazily imported modules (the sandbox, undici) become chunks loaded on demand.
  splitting: true,
  // At the top of dist/, so that relative reads such as ../package.json resolve the same from every file.
  chunkNames: "[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20.18",
  sourcemap: "linked",
  // Smaller source is less for V8 to scan before the first line runs; the source map keeps names.
  minifyWhitespace: process.env.BUNDLE_READABLE !== "1",
  minifySyntax: true,
  // Identifiers keep their names: class names appear in logs (pino reports
  // err.constructor.name), and esbuild's keepNames would wrap every closure made per call.
  minifyIdentifiers: process.env.BUNDLE_IDENTS === "1",
  keepNames: process.env.BUNDLE_IDENTS === "1",
  legalComments: "linked",
  // CommonJS dependencies (pino, undici) call require(); ESM output has none unless given one.
  banner: {
    js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);',
  },
  // src/version.ts: dist/ needs no package.json next to it, so it runs copied anywhere.
  define: { __BOOKINGTIME_MCP_VERSION__: JSON.stringify(version) },
  plugins: [englishOnlyZodLocales, noDefaultAjvInSdkServer],
  logLevel: "warning",
  metafile: true,
});
writeThirdPartyLicenses(metafile, join("dist", "THIRD-PARTY-LICENSES.txt"));

// tools/list is the same on every start of this build: convert the schemas once, here, from the
// same sources (src/tools/support/listing-cache.ts reads the file; without it the server converts them).
const listingScript = join(tmpdir(), `bookingtime-mcp-listing-${process.pid}.mjs`);
await build({
  entryPoints: ["scripts/tool-listing-entry.ts"],
  outfile: listingScript,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20.18",
  banner: {
    js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);',
  },
  plugins: [englishOnlyZodLocales],
  logLevel: "warning",
});
try {
  const { listing } = await import(pathToFileURL(listingScript).href);
  writeFileSync(join("dist", "tool-listing.json"), JSON.stringify(listing));
} finally {
  rmSync(listingScript, { force: true });
}
