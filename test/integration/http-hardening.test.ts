import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { connect, createServer as createNetServer, type Socket } from "node:net";
import { Client } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SANDBOX_DEFAULT_CLIENT, Sandbox } from "../../packages/bookingtime-emulator/src/index.js";
import { MAX_BODY_BYTES } from "../../src/http/body.js";
import { startHttpServer } from "../../src/http/server.js";
import { MAX_AUTH_FAILURES } from "../../src/http/throttle.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";
import {
  type HttpHarness,
  newToken,
  RPC_HEADERS,
  startHttpHarness,
  toolCallBody,
} from "../helpers/http-harness.js";
import { LogCapture } from "../helpers/log-capture.js";

const SHOW = { method: "GET", pathIncludes: "/show" };

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start();
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.clearFaults());

/** Opens a raw connection, writes `head`, and collects what the server sends. */
async function rawConnection(port: number, head: string, localAddress = "127.0.0.1") {
  const socket = connect({ host: "127.0.0.1", port, localAddress });
  await once(socket, "connect");
  let received = "";
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString("latin1");
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => undefined);
  socket.write(head);
  const until = async (check: (text: string) => boolean) => {
    while (!check(received)) {
      if (socket.destroyed) throw new Error(`closed before expected data; got:\n${received}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return received;
  };
  return { socket, closed, until, text: () => received };
}

function head(port: number, headers: Record<string, string | number>): string {
  const lines = Object.entries({ host: `127.0.0.1:${port}`, ...RPC_HEADERS, ...headers }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return `POST /mcp HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

describe("remote mode under abuse", () => {
  const token = newToken();
  const auth = { authorization: `Bearer ${token}` };
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(sandbox, { tokens: [token], maxRequests: 2, maxConnections: 40 });
  });
  afterAll(() => h.close());

  const base = { jsonrpc: "2.0", id: 1, method: "tools/call" };
  const params = { name: "get_organization", arguments: {} };
  it.each([
    ["an extra top-level key", { ...base, params, extra: true }],
    ["params as an array", { ...base, params: [] }],
    ["_meta that is not an object", { ...base, params: { ...params, _meta: 5 } }],
    ["an id that is not a safe integer", { ...base, params, id: 2 ** 53 }],
  ])("answers a tool call with %s at once with 400", async (_, message) => {
    const reply = await h.raw("/mcp", {
      headers: { ...RPC_HEADERS, ...auth },
      body: JSON.stringify(message),
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ jsonrpc: "2.0", error: { code: -32600 }, id: null });
  });

  it("answers 503 with Retry-After beyond the requests-in-flight cap, and serves again after", async () => {
    sandbox.delayNext({ ms: 400, times: 2, match: SHOW });
    const call = () =>
      h.raw("/mcp", {
        headers: { ...RPC_HEADERS, ...auth },
        body: toolCallBody("get_organization"),
      });
    const slow = [call(), call()];
    while (sandbox.requests.filter((r) => r.path.endsWith("/show")).length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const third = await call();
    expect(third.status).toBe(503);
    expect(third.headers["retry-after"]).toBe("1");
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
    expect((await call()).status).toBe(200);
  });

  it("refuses a wrong token with Connection: close and closes without reading the declared body", async () => {
    const conn = await rawConnection(
      h.http.port,
      head(h.http.port, { authorization: "Bearer wrong", "content-length": 50_000_000 }),
    );
    conn.socket.write(Buffer.alloc(64 * 1024, 32));
    await conn.closed;
    expect(conn.text()).toMatch(/^HTTP\/1\.1 401 /);
    expect(conn.text().toLowerCase()).toContain("connection: close");
  });

  it("answers Expect: 100-continue with the refusal, not 100, when the token is wrong or the body too big", async () => {
    const wrong = await rawConnection(
      h.http.port,
      head(h.http.port, {
        authorization: "Bearer wrong",
        "content-length": 10,
        expect: "100-continue",
      }),
    );
    await wrong.closed;
    expect(wrong.text()).toMatch(/^HTTP\/1\.1 401 /);
    expect(wrong.text()).not.toContain("100 Continue");

    const big = await rawConnection(
      h.http.port,
      head(h.http.port, { ...auth, "content-length": MAX_BODY_BYTES + 1, expect: "100-continue" }),
    );
    await big.closed;
    expect(big.text()).toMatch(/^HTTP\/1\.1 413 /);
    expect(big.text()).not.toContain("100 Continue");

    const body = toolCallBody("get_organization");
    const good = await rawConnection(
      h.http.port,
      head(h.http.port, {
        ...auth,
        "content-length": Buffer.byteLength(body),
        expect: "100-continue",
      }),
    );
    await good.until((text) => text.includes("100 Continue"));
    good.socket.write(body);
    await good.until((text) => /HTTP\/1\.1 200 [\s\S]*"result"/.test(text));
    good.socket.destroy();
  });

  it.each([
    ["send nothing", false],
    ["send one cheap request, then stay open", true],
  ])(
    "keeps /healthz and tool calls answering while connections that %s fill the cap",
    async (_, speak) => {
      const silent: Socket[] = [];
      let closedByServer = 0;
      for (let i = 0; i < 120; i++) {
        const socket = connect({ host: "127.0.0.1", port: h.http.port });
        socket.on("error", () => undefined);
        // Read (and drop) what comes, so the server's close is seen.
        socket.resume();
        socket.once("close", () => {
          closedByServer++;
        });
        silent.push(socket);
        if (speak) {
          // One after the other: each has its answer, and holds its connection, before the next.
          await once(socket, "connect").catch(() => undefined);
          const answered = Promise.race([once(socket, "data"), once(socket, "close")]).catch(
            () => undefined,
          );
          socket.write(`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1:${h.http.port}\r\n\r\n`);
          await answered;
        }
      }
      try {
        // The server has taken in the flood: all but the cap's worth closed (refused or made room).
        await vi.waitFor(() => expect(closedByServer).toBeGreaterThanOrEqual(120 - 40), {
          timeout: 10_000,
        });
        // Each on a new connection, as a new client would come.
        const fresh = new Client(`http://127.0.0.1:${h.http.port}`);
        try {
          const health = await fresh.request({ path: "/healthz", method: "GET" });
          expect(health.statusCode).toBe(200);
          await health.body.dump();
        } finally {
          await fresh.close();
        }
        const another = new Client(`http://127.0.0.1:${h.http.port}`);
        try {
          const call = await another.request({
            path: "/mcp",
            method: "POST",
            headers: { ...RPC_HEADERS, ...auth },
            body: toolCallBody("get_organization"),
          });
          expect(call.statusCode).toBe(200);
          await call.body.dump();
        } finally {
          await another.close();
        }
        expect(h.logs.text).toContain("connection limit reached");
      } finally {
        for (const s of silent) s.destroy();
      }
    },
  );
});

describe("wrong-token throttling", () => {
  const token = newToken();
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(sandbox, { tokens: [token] });
  });
  afterAll(() => h.close());

  /** A POST from a chosen loopback address (all of 127.0.0.0/8 reaches us on Linux). */
  function postFrom(localAddress: string, bearer: string) {
    return new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: h.http.port,
          path: "/mcp",
          method: "POST",
          localAddress,
          headers: { ...RPC_HEADERS, authorization: `Bearer ${bearer}` },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] }),
          );
        },
      );
      req.on("error", reject);
      req.end(toolCallBody("get_organization"));
    });
  }

  it(`answers 429 with Retry-After to an address after ${MAX_AUTH_FAILURES} wrong tokens, right token or not`, async () => {
    for (let i = 0; i < MAX_AUTH_FAILURES; i++) {
      expect((await postFrom("127.0.0.3", `guess-${i}`)).status).toBe(401);
    }
    const blocked = await postFrom("127.0.0.3", "guess-again");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    expect((await postFrom("127.0.0.3", token)).status).toBe(429);
    // Another client is not held back by it.
    expect((await postFrom("127.0.0.4", token)).status).toBe(200);
  });
});

describe("readiness", () => {
  it("turns 503 once bookingtime refuses the app credentials at a later grant", async () => {
    const own = await Sandbox.start();
    const token = newToken();
    const h = await startHttpHarness(own, { tokens: [token] });
    const call = () =>
      h.raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
        body: toolCallBody("get_organization"),
      });
    try {
      expect((await call()).json).toMatchObject({ result: { structuredContent: {} } });
      expect((await h.raw("/readyz", { method: "GET" })).status).toBe(200);
      // The app's secret is rotated elsewhere and every token it had is revoked.
      own.addClient({ ...SANDBOX_DEFAULT_CLIENT, clientSecret: "rotated-elsewhere" });
      own.revokeAccessTokens();
      own.revokeRefreshTokens();
      expect((await call()).json).toMatchObject({ result: { isError: true } });
      const ready = await h.raw("/readyz", { method: "GET" });
      expect(ready).toMatchObject({ status: 503, json: { status: "not ready" } });
      expect(JSON.stringify(ready.json)).toContain("refused");
    } finally {
      await h.close();
      await own.close();
    }
  });
});

describe("listening", () => {
  it("says which port is busy and what to do instead of EADDRINUSE", async () => {
    const blocker = createNetServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const { port } = blocker.address() as { port: number };
    const secrets = new SecretRegistry();
    const logger = createLogger("silent", secrets, new LogCapture());
    try {
      const attempt = startHttpServer({
        host: "127.0.0.1",
        port,
        auth: undefined,
        allowedHosts: [],
        allowedOrigins: [],
        deps: { client: undefined as never, defaultOrganizationId: undefined, logger, secrets },
        readiness: { grantState: "none", ensureGrant: async () => undefined },
        requestTimeoutMs: 1_000,
        logger,
      });
      await expect(attempt).rejects.toThrow(new RegExp(`Port ${port} .*already in use.*--port`));
    } finally {
      blocker.close();
    }
  });
});
