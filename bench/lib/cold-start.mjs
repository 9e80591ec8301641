import { spawn } from "node:child_process";
import { ENTRY } from "./server.mjs";
import { median, round } from "./stats.mjs";

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "bookingtime-bench", version: "1.0.0" },
  },
};

/** Spawn of `node dist/index.js --sandbox` until the answer to tools/list, in ms. */
function serverOnce() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [ENTRY, "--sandbox"], {
      stdio: ["pipe", "pipe", "ignore"],
      env: { PATH: process.env.PATH ?? "" },
    });
    let buffer = "";
    let elapsed;
    // A server that never answers fails the bench instead of hanging it.
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (elapsed === undefined) reject(new Error(`server exited (${code}) before tools/list`));
      else resolve(elapsed);
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        const message = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (message.id === 1) {
          child.stdin.write(
            `${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`,
          );
          child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" })}\n`);
        } else if (message.id === 2) {
          elapsed = performance.now() - started;
          child.stdin.end();
        }
      }
    });
    child.stdin.write(`${JSON.stringify(INIT)}\n`);
  });
}

/** The floor: spawning a Node process that does nothing. */
function nodeOnce() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(performance.now() - started));
  });
}

export async function coldStart(runs = 15) {
  await serverOnce();
  await nodeOnce();
  const server = [];
  const baseline = [];
  // Alternating, so that load from elsewhere on the machine hits both series alike.
  for (let i = 0; i < runs; i++) {
    server.push(await serverOnce());
    baseline.push(await nodeOnce());
  }
  return {
    medianMs: round(median(server), 1),
    minMs: round(Math.min(...server), 1),
    maxMs: round(Math.max(...server), 1),
    runs,
    baselineNodeMs: round(median(baseline), 1),
  };
}
