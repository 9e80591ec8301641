import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/** The registry's renderResult and the secrets registry, bundled from source (dist has only the entries). */
async function loadRenderResult() {
  const dir = mkdtempSync(join(tmpdir(), "bench-budget-"));
  try {
    const outfile = join(dir, "registry.mjs");
    await build({
      stdin: {
        contents:
          'export { renderResult } from "./src/tools/registry.ts";\n' +
          'export { SecretRegistry } from "./src/secrets.ts";\n',
        resolveDir: new URL("../../", import.meta.url).pathname,
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile,
      logLevel: "silent",
    });
    const { renderResult, SecretRegistry } = await import(pathToFileURL(outfile).href);
    // A process's registry as the server holds it: results are scrubbed with it on every call.
    const secrets = new SecretRegistry();
    return (data, summary) => renderResult(data, summary, secrets);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A result as a tool might get it from a misbehaving upstream: long notes and a huge text. */
function tenMegabytes() {
  const customers = Array.from({ length: 2_000 }, (_, i) => ({
    id: `d3${String(i).padStart(30, "0")}`,
    name: `Person ${i}`,
    notes: 'Lorem ipsum ä "quoted"\n'.repeat(110),
  }));
  return { customers, blob: "z".repeat(5_000_000) };
}

/** Event-loop time of cutting a 10 MB result to the 25 KB budget (renderResult is synchronous). */
export async function resultBudget(runs = 7) {
  const renderResult = await loadRenderResult();
  const data = tenMegabytes();
  const inputBytes = Buffer.byteLength(JSON.stringify(data));
  renderResult(data, "warm-up.");
  const times = [];
  const baseline = [];
  let outputBytes = 0;
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    const result = renderResult(data, "2000 customers.");
    times.push(performance.now() - started);
    outputBytes = Buffer.byteLength(result.content[0].text);
    // One serialisation of the same result, the least any answer costs: the figure in context.
    started = performance.now();
    JSON.stringify(data);
    baseline.push(performance.now() - started);
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return {
    inputMb: +(inputBytes / 1e6).toFixed(1),
    outputBytes,
    medianMs: +median(times).toFixed(1),
    maxMs: +Math.max(...times).toFixed(1),
    stringifyMs: +median(baseline).toFixed(1),
  };
}
