import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher, send, UPSTREAM_CONNECTIONS } from "../../src/upstream/http.js";

describe("upstream connection pool", () => {
  let server: Server;
  let url: string;
  let open = 0;
  let maxOpen = 0;
  let waiting: Array<() => void> = [];

  beforeAll(async () => {
    server = createServer((_req, res) => {
      // Answers are held until the test releases them, so every request needs its own socket.
      waiting.push(() => res.end("{}"));
    });
    server.on("connection", (socket) => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      socket.on("close", () => open--);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it(`opens at most ${UPSTREAM_CONNECTIONS} sockets to one origin however many requests wait`, async () => {
    const dispatcher = createDispatcher();
    const requests = Array.from({ length: 3 * UPSTREAM_CONNECTIONS }, () =>
      send(dispatcher, { method: "GET", url, headers: {}, timeoutMs: 10_000 }),
    );
    let answered = 0;
    while (answered < requests.length) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const batch = waiting;
      waiting = [];
      for (const answer of batch) answer();
      answered += batch.length;
    }
    const responses = await Promise.all(requests);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(maxOpen).toBe(UPSTREAM_CONNECTIONS);
    await dispatcher.close();
  });
});
