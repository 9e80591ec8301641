import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { Pool, request } from "undici";
import { freePort, startHttpServer } from "./http.mjs";
import { rssMb } from "./proc.mjs";
import { ENTRY } from "./server.mjs";
import { startStandaloneSandbox } from "./standalone.mjs";
import { percentile, round } from "./stats.mjs";

const MALFORMED_REQUESTS = 6_000;
const HALF_OPEN_WANTED = 10_000;
/** Descriptors kept free in this process for the pool, the emulator's pipes and node itself. */
const FD_RESERVE = 500;

/** The memory limit the Kubernetes manifest gives the container, in MiB (as rssMb counts). */
function manifestLimitMb() {
  const manifest = readFileSync(new URL("../../deploy/kubernetes.yaml", import.meta.url), "utf8");
  const mi = /limits:\s*\n\s*memory:\s*(\d+)Mi/.exec(manifest)?.[1];
  return mi ? Number(mi) : undefined;
}

/** This process's soft limit on open files (children inherit it); node cannot raise it itself. */
function openFileLimit() {
  try {
    return Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim());
  } catch {
    return 1024;
  }
}

/** The four shapes the fast path once held for 60 s each. */
function malformed(i) {
  const params = { name: "get_organization", arguments: {} };
  const base = { jsonrpc: "2.0", id: i + 1, method: "tools/call" };
  switch (i % 4) {
    case 0:
      return { ...base, params, extra: true };
    case 1:
      return { ...base, params: [] };
    case 2:
      return { ...base, params: { ...params, _meta: 5 } };
    default:
      return { ...base, params, id: 2 ** 53 + i };
  }
}

/**
 * A flood on loopback, bounded and self-ending: 6,000 malformed JSON-RPC requests, then up to
 * 10,000 connections that send half a request and wait. Throughout, /healthz and a tool call must
 * still answer, and the server's RSS must stay under the Kubernetes manifest's limit.
 */
export async function flood() {
  const port = await freePort();
  const token = randomBytes(24).toString("base64url");
  const upstream = await startStandaloneSandbox();
  const started = await startHttpServer(ENTRY, port, token, upstream);
  if (started.unsupported) {
    await upstream.close();
    return { figures: null, reason: started.unsupported };
  }
  const { child } = started;
  child.stderr.resume();
  const base = `http://127.0.0.1:${port}`;
  const headers = {
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
  };
  let rssPeak = rssMb(child.pid);
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb(child.pid));
  }, 50);
  const probe = async () => {
    const t = performance.now();
    const health = await request(`${base}/healthz`, { headersTimeout: 10_000 });
    await health.body.dump();
    const healthMs = performance.now() - t;
    const call = await request(`${base}/mcp`, {
      method: "POST",
      headers,
      headersTimeout: 10_000,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "get_organization", arguments: {} },
      }),
    });
    const answer = await call.body.json();
    return {
      healthz: health.statusCode,
      healthzMs: round(healthMs, 1),
      toolCall: call.statusCode === 200 && !answer.result?.isError ? "ok" : `${call.statusCode}`,
      toolCallMs: round(performance.now() - t - healthMs, 1),
    };
  };
  const sockets = [];
  try {
    const rssStart = rssMb(child.pid);
    // 1. Malformed requests at a concurrency of 200.
    const pool = new Pool(base, { connections: 200, headersTimeout: 70_000, bodyTimeout: 70_000 });
    const statuses = {};
    const latencies = [];
    let next = 0;
    const t0 = performance.now();
    const worker = async () => {
      while (next < MALFORMED_REQUESTS) {
        const body = JSON.stringify(malformed(next++));
        const t = performance.now();
        const res = await pool.request({ path: "/mcp", method: "POST", headers, body });
        await res.body.dump();
        latencies.push(performance.now() - t);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 200 }, worker));
    const malformedSeconds = (performance.now() - t0) / 1000;
    await pool.close();
    const afterMalformed = await probe();

    // 2. Half-open connections: connected, half a request line sent, then silence.
    const fdLimit = openFileLimit();
    const halfOpen = Math.min(HALF_OPEN_WANTED, fdLimit - FD_RESERVE);
    let connected = 0;
    let closedByServer = 0;
    for (let i = 0; i < halfOpen; i++) {
      const socket = connect({ host: "127.0.0.1", port });
      socket.on("connect", () => {
        connected++;
        socket.write("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      });
      socket.on("error", () => undefined);
      socket.on("close", () => {
        closedByServer++;
      });
      sockets.push(socket);
      // Opened in batches so this process's own event loop keeps up.
      if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Refused beyond the cap, or closed to make room, by the server within that second.
    const closedByServerIn1s = closedByServer;
    const duringHalfOpen = await probe();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await probe();
    const limitMb = manifestLimitMb();
    return {
      figures: {
        malformedRequests: MALFORMED_REQUESTS,
        malformedStatuses: statuses,
        malformedSeconds: round(malformedSeconds, 2),
        malformedP50Ms: round(percentile(latencies, 50), 1),
        malformedP99Ms: round(percentile(latencies, 99), 1),
        halfOpenConnections: halfOpen,
        halfOpenConnected: connected,
        halfOpenClosedByServerIn1s: closedByServerIn1s,
        fdLimit,
        afterMalformed,
        duringHalfOpen,
        after,
        rssMbStart: round(rssStart, 1),
        rssMbPeak: round(rssPeak, 1),
        rssLimitMb: limitMb === undefined ? null : round(limitMb, 0),
      },
      note:
        halfOpen < HALF_OPEN_WANTED
          ? `half-open connections capped at ${halfOpen} by the open-file limit ${fdLimit}`
          : undefined,
    };
  } finally {
    clearInterval(sampler);
    for (const socket of sockets) socket.destroy();
    child.kill("SIGTERM");
    await upstream.close();
  }
}
