import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Pool } from "undici";
import { startIssuer } from "./issuer.mjs";
import { ENTRY } from "./server.mjs";
import { startStandaloneSandbox } from "./standalone.mjs";
import { percentile, round } from "./stats.mjs";

const START_TIMEOUT_MS = 15_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `--http` against the emulator `upstream` and waits for the "listening" line. Resolves
 * to {child} or to {unsupported: reason} when the built binary does not know remote mode.
 */
export function startHttpServer(entry, port, token, upstream, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, "--http", "--port", String(port)], {
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        ...(token ? { BOOKINGTIME_MCP_TOKENS: token } : {}),
        BOOKINGTIME_API_URL: upstream.apiUrl,
        BOOKINGTIME_AUTH_URL: upstream.authUrl,
        // The standalone emulator's demo app and its ACME organization.
        BOOKINGTIME_CLIENT_ID: "sandbox-client",
        BOOKINGTIME_CLIENT_SECRET: "sandbox-secret",
        BOOKINGTIME_ORGANIZATION_ID: "f6123456789101112131415aBCdeFgHi",
        ...extraEnv,
      },
    });
    let stderr = "";
    let settled = false;
    const settle = (value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      child.kill();
      settle({ unsupported: `no "listening" line within ${START_TIMEOUT_MS} ms` });
    }, START_TIMEOUT_MS);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      // Keep only the start of stderr for the reason; the server logs every call there.
      if (stderr.length < 4096) stderr += chunk;
      if (!settled && /listening/i.test(stderr)) settle({ child });
    });
    child.on("exit", (code) => {
      const reason = stderr.trim().split("\n").slice(0, 2).join(" ").slice(0, 200);
      settle({ unsupported: `--http exited with code ${code}: ${reason || "no output"}` });
    });
  });
}

/** The JSON-RPC answer from a Streamable HTTP response, JSON or a one-event SSE stream. */
function parseAnswer(contentType, text) {
  if (contentType?.startsWith("text/event-stream")) {
    const data = text
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trim())
      .find((line) => line.startsWith("{"));
    return data ? JSON.parse(data) : undefined;
  }
  return JSON.parse(text);
}

/**
 * Tool calls over Streamable HTTP at a fixed concurrency for a fixed time. With `jwt: true` the
 * server runs as an OAuth resource server and every call carries a JWT access token instead of a
 * static one (the keys cached, so one signature check per call).
 */
export async function http(opts = {}) {
  const entry = opts.entry ?? ENTRY;
  const concurrency = opts.concurrency ?? 50;
  const durationMs = opts.durationMs ?? 10_000;
  const port = await freePort();
  let token = randomBytes(24).toString("base64url");
  let extraEnv = {};
  let issuer;
  if (opts.jwt) {
    const resource = `http://127.0.0.1:${port}/mcp`;
    issuer = await startIssuer(resource);
    token = issuer.token;
    extraEnv = {
      BOOKINGTIME_MCP_OAUTH_ISSUER: issuer.issuer,
      BOOKINGTIME_MCP_RESOURCE_URL: resource,
    };
  }
  // The emulator in its own process, as bookingtime would be: the server's one JavaScript thread
  // then does the server's work only, as in production.
  const upstream = await startStandaloneSandbox();
  const started = await startHttpServer(entry, port, opts.jwt ? "" : token, upstream, extraEnv);
  if (started.unsupported) {
    await upstream.close();
    await issuer?.close();
    return { figures: null, reason: started.unsupported };
  }
  const { child } = started;
  child.stderr.resume();
  // A request that hangs counts as an error after 10 s instead of stalling its worker forever.
  const pool = new Pool(`http://127.0.0.1:${port}`, {
    connections: concurrency,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const headers = {
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2025-06-18",
  };
  let id = 0;
  let errors = 0;
  let firstError;
  const latencies = [];
  const call = async () => {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: ++id,
      method: "tools/call",
      params: { name: "get_organization", arguments: {} },
    });
    const t = performance.now();
    try {
      const res = await pool.request({ path: "/mcp", method: "POST", headers, body });
      const text = await res.body.text();
      const answer =
        res.statusCode === 200 ? parseAnswer(res.headers["content-type"], text) : undefined;
      latencies.push(performance.now() - t);
      if (!answer?.result || answer.result.isError) {
        errors++;
        firstError ??= `${res.statusCode} ${text.slice(0, 200)}`;
      }
    } catch (error) {
      errors++;
      firstError ??= String(error);
    }
  };
  try {
    for (let i = 0; i < 200; i++) await call();
    latencies.length = 0;
    errors = 0;
    firstError = undefined;
    const deadline = performance.now() + durationMs;
    const t0 = performance.now();
    const worker = async () => {
      while (performance.now() < deadline) await call();
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - t0) / 1000;
    return {
      figures: {
        callsPerSecond: round(latencies.length / seconds, 0),
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        concurrency,
        errors,
      },
      firstError,
    };
  } finally {
    await pool.close();
    child.kill("SIGTERM");
    await upstream.close();
    await issuer?.close();
  }
}
