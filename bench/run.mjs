// npm run bench: builds, then measures the built server against the project's own emulator.
// `node bench/run.mjs coldStart context` runs some sections only and writes nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { callOverhead } from "./lib/call-overhead.mjs";
import { coldStart } from "./lib/cold-start.mjs";
import { context } from "./lib/context.mjs";
import { ergonomics } from "./lib/ergonomics.mjs";
import { flood } from "./lib/flood.mjs";
import { http } from "./lib/http.mjs";
import { memory } from "./lib/memory.mjs";
import { printTable } from "./lib/report.mjs";
import { resultBudget } from "./lib/result-budget.mjs";
import { loadSandbox } from "./lib/server.mjs";
import { tokenExchanges } from "./lib/token-exchanges.mjs";

const SECTIONS = [
  "coldStart",
  "callOverhead",
  "tokenExchanges",
  "context",
  "memory",
  "http",
  "httpJwt",
  "resultBudget",
  "flood",
  "ergonomics",
];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SECTIONS.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}\n`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted : SECTIONS;
const say = (line) => process.stderr.write(`${line}\n`);

const { Sandbox, SANDBOX_ORGANIZATIONS, SANDBOX_DEFAULT_CLIENT } = await loadSandbox();
const results = {};
const notes = {};
const started = performance.now();
const loadStart = loadavg()[0];
for (const name of selected) {
  const t = performance.now();
  say(`bench: ${name}...`);
  if (name === "coldStart") results.coldStart = await coldStart();
  if (name === "callOverhead") {
    const { figures, notes: extra } = await callOverhead(
      SANDBOX_DEFAULT_CLIENT,
      SANDBOX_ORGANIZATIONS,
    );
    results.callOverhead = figures;
    notes.callOverhead = extra;
  }
  if (name === "tokenExchanges") {
    results.tokenExchanges = await tokenExchanges(Sandbox, SANDBOX_ORGANIZATIONS);
  }
  if (name === "context") {
    const { figures, notes: extra } = await context(Sandbox, SANDBOX_ORGANIZATIONS);
    results.context = figures;
    notes.context = extra;
  }
  if (name === "memory") {
    const { figures, notes: extra } = await memory(Sandbox, SANDBOX_ORGANIZATIONS);
    results.memory = figures;
    notes.memory = extra;
  }
  if (name === "http") {
    const entry = process.env.BENCH_HTTP_ENTRY;
    const outcome = await http(entry ? { entry } : {});
    results.http = outcome.figures;
    notes.http = outcome;
  }
  if (name === "httpJwt") {
    const entry = process.env.BENCH_HTTP_ENTRY;
    const outcome = await http({ ...(entry ? { entry } : {}), jwt: true });
    results.httpJwt = outcome.figures;
    notes.httpJwt = outcome;
  }
  if (name === "resultBudget") results.resultBudget = await resultBudget();
  if (name === "flood") {
    const outcome = await flood();
    results.flood = outcome.figures;
    notes.flood = outcome;
    // The figures are nested; the table shows the verdict, this shows them all.
    say(JSON.stringify(outcome.figures));
  }
  if (name === "ergonomics") results.ergonomics = await ergonomics(Sandbox, SANDBOX_ORGANIZATIONS);
  say(`bench: ${name} took ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
results.node = process.version;
notes.load = {
  cores: availableParallelism(),
  start: loadStart.toFixed(2),
  end: loadavg()[0].toFixed(2),
};

printTable(results, notes);
say(`bench: total ${((performance.now() - started) / 1000).toFixed(1)} s`);
const file = new URL("./results/latest.json", import.meta.url);
if (wanted.length === 0) {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  say("bench: wrote bench/results/latest.json");
} else if (process.env.BENCH_MERGE === "1") {
  // Replaces only the sections run, e.g. after adding one, keeping the others' figures.
  const merged = JSON.parse(readFileSync(file, "utf8"));
  for (const name of selected) merged[name] = results[name];
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  say(`bench: updated ${selected.join(", ")} in bench/results/latest.json`);
}
