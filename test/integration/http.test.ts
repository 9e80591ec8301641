import { Readable } from "node:stream";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS, Sandbox } from "../../packages/bookingtime-emulator/src/index.js";
import { MAX_BODY_BYTES } from "../../src/http/body.js";
import {
  type HttpHarness,
  initializeBody,
  newToken,
  RPC_HEADERS,
  startHttpHarness,
  toolCallBody,
} from "../helpers/http-harness.js";

const { acme, globex, initech } = SANDBOX_ORGANIZATIONS;
const SHOW = { method: "GET", pathIncludes: "/show" };

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start();
});
afterAll(() => sandbox.close());

describe("remote mode over Streamable HTTP", () => {
  const current = newToken();
  const previous = newToken();
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(sandbox, {
      tokens: [current, previous],
      allowedOrigins: ["https://app.example.com"],
    });
  });
  afterAll(() => h.close());
  beforeEach(() => sandbox.clearFaults());

  it("lists and calls tools through the SDK client with a bearer token", async () => {
    const client = await h.client(current);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("get_organization");
    const result = (await client.callTool({ name: "get_organization" })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ organization: { id: acme, name: "ACME" } });
  });

  it("accepts every configured token, so a token can be rotated", async () => {
    const client = await h.client(previous);
    const result = (await client.callTool({ name: "get_organization" })) as CallToolResult;
    expect(result.isError).toBeFalsy();
  });

  it("answers 401 with a Bearer challenge without a token or with a wrong one", async () => {
    const missing = await h.raw("/mcp", { headers: RPC_HEADERS, body: initializeBody });
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer /);
    expect(missing.json).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 }, id: null });

    for (const authorization of [`Bearer ${current}x`, `Basic ${current}`, "Bearer", current]) {
      const wrong = await h.raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization },
        body: initializeBody,
      });
      expect(wrong.status).toBe(401);
      expect(wrong.headers["www-authenticate"]).toMatch(/^Bearer /);
    }
    await expect(h.client(newToken())).rejects.toThrow();
  });

  it("refuses a Host that is not the bind address with 403, before looking at the token", async () => {
    for (const host of ["evil.example.com", `evil.example.com:${h.http.port}`, "127.0.0.1:1"]) {
      const res = await h.raw("/mcp", {
        // No token: a rebinding page gets 403, not an invitation to try tokens.
        headers: { ...RPC_HEADERS, host },
        body: initializeBody,
      });
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.json)).toContain("BOOKINGTIME_MCP_ALLOWED_HOSTS");
    }
    for (const host of [`localhost:${h.http.port}`, `127.0.0.1:${h.http.port}`]) {
      const res = await h.raw("/mcp", {
        headers: { ...RPC_HEADERS, host, authorization: `Bearer ${current}` },
        body: initializeBody,
      });
      expect(res.status).toBe(200);
    }
  });

  it("refuses a foreign browser Origin with 403 and accepts allowed and own origins", async () => {
    const post = (origin: string) =>
      h.raw("/mcp", {
        headers: { ...RPC_HEADERS, origin, authorization: `Bearer ${current}` },
        body: initializeBody,
      });
    const foreign = await post("https://evil.example.com");
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(foreign.json)).toContain("BOOKINGTIME_MCP_ALLOWED_ORIGINS");
    expect((await post("null")).status).toBe(403);
    expect((await post("https://app.example.com")).status).toBe(200);
    expect((await post(`http://127.0.0.1:${h.http.port}`)).status).toBe(200);
  });

  it("answers 413 to a body over 1 MB, declared or streamed", async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const declared = await h.raw("/mcp", {
      headers: { ...RPC_HEADERS, authorization: `Bearer ${current}` },
      body: big,
    });
    expect(declared.status).toBe(413);

    // Chunked, without Content-Length: only counting the bytes can catch it.
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x20));
    const streamed = await h.raw("/mcp", {
      headers: { ...RPC_HEADERS, authorization: `Bearer ${current}` },
      body: Readable.from(chunks),
    });
    expect(streamed.status).toBe(413);
    expect(streamed.json).toMatchObject({ error: { message: expect.stringMatching(/too large/) } });
  });

  it("answers 405 with Allow: POST to GET and DELETE on /mcp", async () => {
    for (const method of ["GET", "DELETE"] as const) {
      const res = await h.raw("/mcp", {
        method,
        headers: { accept: "text/event-stream", authorization: `Bearer ${current}` },
      });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe("POST");
      expect(res.json).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 } });
    }
  });

  it("answers /healthz without a token, and 404 elsewhere", async () => {
    const health = await h.raw("/healthz", { method: "GET" });
    expect(health).toMatchObject({ status: 200, json: { status: "ok" } });
    expect((await h.raw("/other", { method: "GET" })).status).toBe(404);
  });

  it("rejects a malformed JSON body with a JSON-RPC parse error", async () => {
    const res = await h.raw("/mcp", {
      headers: { ...RPC_HEADERS, authorization: `Bearer ${current}` },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: -32700 } });
  });

  it("lets X-Bookingtime-Organization pick the default organization of one request", async () => {
    const client = await h.client(current, { "X-Bookingtime-Organization": globex });
    const result = (await client.callTool({ name: "get_organization" })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ organization: { id: globex } });

    // An explicit argument still wins over the header.
    const explicit = (await client.callTool({
      name: "get_organization",
      arguments: { organizationId: acme },
    })) as CallToolResult;
    expect(explicit.structuredContent).toMatchObject({ organization: { id: acme } });

    const refused = await (await h.client(current, { "X-Bookingtime-Organization": initech }))
      .callTool({ name: "get_organization" })
      .then((r) => r as CallToolResult);
    expect(refused.isError).toBe(true);
    // The hint points at the header that chose the organization, not at the server's environment.
    const text = JSON.stringify(refused.content);
    expect(text).toContain("X-Bookingtime-Organization header");
    expect(text).not.toContain("BOOKINGTIME_ORGANIZATION_ID");
  });

  it("answers 400 to a malformed X-Bookingtime-Organization without echoing it", async () => {
    const res = await h.raw("/mcp", {
      headers: {
        ...RPC_HEADERS,
        authorization: `Bearer ${current}`,
        "x-bookingtime-organization": "f6-secret-looking-value",
      },
      body: toolCallBody("get_organization"),
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      jsonrpc: "2.0",
      error: { code: -32600, message: expect.stringContaining("X-Bookingtime-Organization") },
    });
    expect(JSON.stringify(res.json)).not.toContain("secret-looking");
  });

  it("answers a CORS preflight from an allowed origin, and lets that origin read answers", async () => {
    for (const origin of ["https://app.example.com", `http://127.0.0.1:${h.http.port}`]) {
      const preflight = await h.raw("/mcp", {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type, mcp-protocol-version",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "POST",
        vary: "origin",
        "access-control-max-age": expect.stringMatching(/^\d+$/),
      });
      const allowed = String(preflight.headers["access-control-allow-headers"]).split(/, */);
      expect(allowed).toEqual(
        expect.arrayContaining([
          "authorization",
          "content-type",
          "mcp-protocol-version",
          "x-bookingtime-organization",
          "last-event-id",
        ]),
      );
    }
    const answer = await h.raw("/mcp", {
      headers: {
        ...RPC_HEADERS,
        origin: "https://app.example.com",
        authorization: `Bearer ${current}`,
      },
      body: initializeBody,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(answer.headers.vary).toBe("origin");
    const unauthorized = await h.raw("/mcp", {
      headers: { ...RPC_HEADERS, origin: "https://app.example.com" },
      body: initializeBody,
    });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers["access-control-allow-origin"]).toBe("https://app.example.com");

    const foreign = await h.raw("/mcp", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example.com", "access-control-request-method": "POST" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers["access-control-allow-origin"]).toBeUndefined();
    const plain = await h.raw("/mcp", {
      headers: { ...RPC_HEADERS, authorization: `Bearer ${current}` },
      body: initializeBody,
    });
    expect(plain.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers HEAD on /healthz and /readyz like GET without a body, other methods with 405", async () => {
    const get = await h.raw("/healthz", { method: "GET" });
    const head = await h.raw("/healthz", { method: "HEAD" });
    expect(head).toMatchObject({ status: 200, json: "" });
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
    const ready = await h.raw("/readyz", { method: "GET" });
    expect((await h.raw("/readyz", { method: "HEAD" })).status).toBe(ready.status);
    for (const path of ["/healthz", "/readyz"]) {
      for (const method of ["POST", "PUT", "DELETE"] as const) {
        const res = await h.raw(path, { method, body: "" });
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe("GET, HEAD");
      }
    }
  });

  it("refuses a JSON-RPC batch under protocol 2025-06-18 and logs every tool of an older batch", async () => {
    const batch = JSON.stringify([
      JSON.parse(toolCallBody("get_organization")),
      JSON.parse(toolCallBody("list_services", {}, 2)),
    ]);
    const headers = { ...RPC_HEADERS, authorization: `Bearer ${current}` };
    const refused = await h.raw("/mcp", {
      headers: { ...headers, "mcp-protocol-version": "2025-06-18" },
      body: batch,
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      jsonrpc: "2.0",
      error: { code: -32600, message: expect.stringContaining("batch") },
      id: null,
    });
    const older = await h.raw("/mcp", {
      headers: { ...headers, "mcp-protocol-version": "2025-03-26" },
      body: batch,
    });
    expect(older.status).toBe(200);
    expect(older.json).toHaveLength(2);
    expect(h.logs.entries()).toContainEqual(
      expect.objectContaining({
        msg: "http request",
        status: 200,
        batch: 2,
        tools: ["get_organization", "list_services"],
      }),
    );
  });

  it("logs method, path, status, time and tool of each request, never the token", async () => {
    const client = await h.client(current);
    await client.callTool({ name: "get_organization" });
    await h.raw("/mcp", { headers: RPC_HEADERS, body: initializeBody });
    const entries = h.logs.entries().filter((e) => e.msg === "http request");
    expect(entries).toContainEqual(
      expect.objectContaining({
        method: "POST",
        path: "/mcp",
        status: 200,
        ms: expect.any(Number),
        rpc: "tools/call",
        tool: "get_organization",
      }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ path: "/mcp", status: 401 }));
    expect(h.logs.text).not.toContain(current);
    expect(h.logs.text).not.toContain(previous);
  });
});

describe("remote mode under load and at its limits", () => {
  const token = newToken();
  beforeEach(() => {
    sandbox.reset();
  });

  it("serves 200 concurrent tool calls with one token exchange per organization", async () => {
    const h = await startHttpHarness(sandbox, { tokens: [token] });
    try {
      const acmeClient = await h.client(token);
      const globexClient = await h.client(token, { "X-Bookingtime-Organization": globex });
      const results = (await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 ? globexClient : acmeClient).callTool({ name: "get_organization" }),
        ),
      )) as CallToolResult[];
      expect(results.filter((r) => r.isError)).toEqual([]);
      expect(
        results.filter((r) => JSON.stringify(r.structuredContent).includes(globex)),
      ).toHaveLength(100);
      expect(sandbox.stats.grants).toBe(1);
      expect(sandbox.stats.exchanges).toBe(2);
      expect(h.runtime.tokens.stats).toMatchObject({ grants: 1, exchanges: 2 });
    } finally {
      await h.close();
    }
  });

  it("answers 504 when a request outlives its deadline", async () => {
    const h = await startHttpHarness(sandbox, {
      tokens: [token],
      requestTimeoutMs: 300,
      upstreamTimeoutMs: 1_000,
    });
    try {
      sandbox.hangNext({ match: SHOW });
      const res = await h.raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
        body: toolCallBody("get_organization"),
      });
      expect(res.status).toBe(504);
      expect(res.json).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 } });
    } finally {
      sandbox.clearFaults();
      await h.close();
    }
  });

  it("reports not ready until a token grant succeeds, and the probe itself retries the grant", async () => {
    const bad = await startHttpHarness(sandbox, { tokens: [token], clientSecret: "wrong" });
    try {
      expect((await bad.raw("/readyz", { method: "GET" })).status).toBe(503);
      await waitFor(() => bad.logs.text.includes("token grant for readiness failed"));
      // Anonymous probes in a burst: answered from the cached state, not one grant each.
      const grantRequests = () => sandbox.requests.filter((r) => r.path === "/oauth/token").length;
      const before = grantRequests();
      for (let i = 0; i < 20; i++) {
        expect((await bad.raw("/readyz", { method: "GET" })).status).toBe(503);
      }
      expect(grantRequests()).toBe(before);
      expect(
        bad.logs.entries().filter((e) => e.msg === "token grant for readiness failed"),
      ).toHaveLength(1);
    } finally {
      await bad.close();
    }
    const good = await startHttpHarness(sandbox, { tokens: [token] });
    try {
      const first = await good.raw("/readyz", { method: "GET" });
      expect(first).toMatchObject({ status: 503, json: { status: "not ready" } });
      await waitFor(() => good.runtime.tokens.grantState === "granted");
      expect(await good.raw("/readyz", { method: "GET" })).toMatchObject({
        status: 200,
        json: { status: "ready" },
      });
    } finally {
      await good.close();
    }
  });

  it("logs a request whose client hung up before the answer as aborted", async () => {
    const h = await startHttpHarness(sandbox, { tokens: [token] });
    try {
      sandbox.hangNext({ match: SHOW });
      const controller = new AbortController();
      const pending = h
        .raw("/mcp", {
          headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
          body: toolCallBody("get_organization"),
          signal: controller.signal,
        })
        .catch((error: unknown) => error);
      await waitFor(() => sandbox.requests.some((r) => r.path.endsWith("/show")));
      controller.abort();
      expect(await pending).toBeInstanceOf(Error);
      await waitFor(() =>
        h.logs.entries().some((e) => e.msg === "http request" && e.aborted === true),
      );
      expect(h.logs.entries().find((e) => e.aborted === true)).toMatchObject({
        path: "/mcp",
        status: 499,
        tool: "get_organization",
      });
    } finally {
      sandbox.clearFaults();
      // The tool call behind the hung-up request still waits upstream: nobody needs its answer.
      await h.runtime.destroy();
      await h.close();
    }
  });

  it("closes keep-alive connections of answers given while draining, and can drop the pool after a cut", async () => {
    const h = await startHttpHarness(sandbox, { tokens: [token] });
    const post = () =>
      h.raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
        body: toolCallBody("get_organization"),
      });
    expect((await post()).headers.connection).toBe("keep-alive");
    expect(String((await post()).headers["keep-alive"])).toContain("timeout=65");
    sandbox.delayNext({ ms: 300, match: SHOW });
    const slow = post();
    await waitFor(() => sandbox.requests.some((r) => r.path.endsWith("/show") && r.status === 0));
    const cut = h.http.drain(5_000);
    expect((await slow).headers.connection).toBe("close");
    expect(await cut).toBe(0);
    await h.close();

    // After a deadline cut, the hanging upstream call must not hold the pool open.
    const stuck = await startHttpHarness(sandbox, { tokens: [token] });
    sandbox.hangNext({ match: SHOW });
    const hanging = stuck
      .raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
        body: toolCallBody("get_organization"),
      })
      .catch((error: unknown) => error);
    await waitFor(() => sandbox.requests.some((r) => r.path.endsWith("/show") && r.status === 0));
    expect(await stuck.http.drain(50)).toBe(1);
    await stuck.runtime.destroy();
    expect(await hanging).toBeInstanceOf(Error);
    await stuck.close();
    sandbox.clearFaults();
  });

  it("drains: a call in flight when draining starts still gets its answer", async () => {
    const h = await startHttpHarness(sandbox, { tokens: [token] });
    const client = await h.client(token);
    await client.callTool({ name: "get_organization" });
    sandbox.delayNext({ ms: 400, match: SHOW });
    const call = client.callTool({ name: "get_organization" }) as Promise<CallToolResult>;
    await waitFor(() => sandbox.requests.some((r) => r.path.endsWith("/show") && r.status === 0));
    const cut = await h.http.drain(5_000);
    expect(cut).toBe(0);
    expect((await call).isError).toBeFalsy();
    await h.close();
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
