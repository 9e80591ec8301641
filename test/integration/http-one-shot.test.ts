import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS, Sandbox } from "../../packages/bookingtime-emulator/src/index.js";
import {
  type HttpHarness,
  newToken,
  RPC_HEADERS,
  startHttpHarness,
  toolCallBody,
} from "../helpers/http-harness.js";

const { acme, globex } = SANDBOX_ORGANIZATIONS;
const SHOW = { method: "GET", pathIncludes: "/show" };

/** Single requests take a pooled server; these check that reuse never mixes answers up. */
describe("remote mode: pooled servers for single requests", () => {
  const token = newToken();
  const headers = { ...RPC_HEADERS, authorization: `Bearer ${token}` };
  let sandbox: Sandbox;
  let h: HttpHarness;
  beforeAll(async () => {
    sandbox = await Sandbox.start();
    // No deadline a loaded machine could reach: the 504 test below has its own server.
    h = await startHttpHarness(sandbox, {
      tokens: [token],
      requestTimeoutMs: 30_000,
      upstreamTimeoutMs: 15_000,
    });
  });
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });

  const callOn = (
    server: HttpHarness,
    args: Record<string, unknown>,
    id: number,
    extra: Record<string, string> = {},
  ) =>
    server.raw("/mcp", {
      headers: { ...headers, ...extra },
      body: toolCallBody("get_organization", args, id),
    });
  const call = (args: Record<string, unknown>, id: number, extra: Record<string, string> = {}) =>
    callOn(h, args, id, extra);

  it("answers each request with its own id and organization, also when clients reuse ids", async () => {
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(i % 2 === 0 ? {} : { organizationId: globex }, i % 3),
      ),
    );
    replies.forEach((reply, i) => {
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({
        jsonrpc: "2.0",
        id: i % 3,
        result: { structuredContent: { organization: { id: i % 2 === 0 ? acme : globex } } },
      });
    });
  });

  it("serves the header's organization, and the default again on the next request", async () => {
    const viaHeader = await call({}, 7, { "x-bookingtime-organization": globex });
    expect(viaHeader.json).toMatchObject({
      id: 7,
      result: { structuredContent: { organization: { id: globex } } },
    });
    const plain = await call({}, 8);
    expect(plain.json).toMatchObject({
      id: 8,
      result: { structuredContent: { organization: { id: acme } } },
    });
  });

  it("after a 504 the late answer goes nowhere and the next request is answered normally", async () => {
    // Its own server with a deadline the hung call reaches (below the upstream timeout, so the
    // hang ends in the 504); the single requests after it have seconds to spare.
    const quick = await startHttpHarness(sandbox, {
      tokens: [token],
      requestTimeoutMs: 2_000,
      upstreamTimeoutMs: 5_000,
    });
    try {
      sandbox.hangNext({ match: SHOW });
      const late = await callOn(quick, {}, 21);
      expect(late.status).toBe(504);
      for (let id = 22; id < 26; id++) {
        const next = await callOn(quick, {}, id);
        expect(next.status).toBe(200);
        expect(next.json).toMatchObject({
          id,
          result: { structuredContent: { organization: { id: acme } } },
        });
      }
    } finally {
      sandbox.clearFaults();
      await quick.close();
    }
  });

  it("leaves notifications (202) and refusals such as a wrong Accept (406) to the SDK transport", async () => {
    const note = await h.raw("/mcp", {
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
    });
    expect(note.status).toBe(202);
    const wrongAccept = await h.raw("/mcp", {
      headers: { ...headers, accept: "application/json" },
      body: toolCallBody("get_organization", {}, 30),
    });
    expect(wrongAccept.status).toBe(406);
  });
  it("params that do not fit the method get -32602 with one short line, not -32603 and a zod dump", async () => {
    const before = sandbox.requests.length;
    const reply = await h.raw("/mcp", {
      headers,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 5,
        method: "tools/call",
        params: { name: "get_organization", arguments: [] },
      }),
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      jsonrpc: "2.0",
      id: 5,
      error: {
        code: -32602,
        message: "Invalid params for tools/call: params.arguments must be an object.",
      },
    });
    expect(sandbox.requests.length).toBe(before);
  });
});
