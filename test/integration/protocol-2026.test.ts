import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import { MONDAY_8AM } from "../helpers/booking.js";
import {
  type HttpHarness,
  initializeBody,
  newToken,
  RPC_HEADERS,
  startHttpHarness,
} from "../helpers/http-harness.js";

/** The 2026-07-28 revision on the wire: envelope and header checks, discovery, MRTR. */
const MODERN = "2026-07-28";
const A = SANDBOX_BOOKING.acme;

// biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field
type Json = any;

let sandbox: Sandbox;
let http: HttpHarness;
const token = newToken();
let nextId = 1;

interface Options {
  capabilities?: Record<string, unknown>;
  version?: string;
  headers?: Record<string, string | undefined>;
  extra?: Record<string, unknown>;
}

/** A 2026-07-28 request as the revision says a client sends it, with its mirrored headers. */
function modern(method: string, params: Record<string, unknown> = {}, opts: Options = {}) {
  const version = opts.version ?? MODERN;
  const _meta = {
    "io.modelcontextprotocol/protocolVersion": version,
    "io.modelcontextprotocol/clientInfo": { name: "raw-2026", version: "1" },
    "io.modelcontextprotocol/clientCapabilities": opts.capabilities ?? {},
  };
  const name = (params.name ?? params.uri) as string | undefined;
  const headers: Record<string, string | undefined> = {
    ...RPC_HEADERS,
    authorization: `Bearer ${token}`,
    "mcp-protocol-version": version,
    "mcp-method": method,
    ...(name ? { "mcp-name": name } : {}),
    ...opts.headers,
  };
  return http.raw("/mcp", {
    headers: Object.fromEntries(
      Object.entries(headers).filter(([, v]) => v !== undefined),
    ) as Record<string, string>,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: nextId++,
      method,
      params: { ...params, _meta, ...opts.extra },
    }),
  });
}

const ELICIT = { capabilities: { elicitation: {} } };
const cancels = () => sandbox.requests.filter((r) => r.path.endsWith("/cancel"));
const tool = async (name: string, args: Record<string, unknown>, opts: Options = {}) =>
  (await modern("tools/call", { name, arguments: args }, opts)).json as Json;

beforeAll(async () => {
  sandbox = await Sandbox.start();
  http = await startHttpHarness(sandbox, { tokens: [token], sandboxClock: true });
});
afterAll(async () => {
  await http.close();
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  sandbox.clock.set(MONDAY_8AM);
});

/** An appointment booked through the revision itself. */
async function booked(): Promise<string> {
  const customer = await tool("add_customer", { firstName: "Ada", lastName: "Modern" });
  const free = await tool("find_free_slots", {
    serviceId: A.haircut,
    from: "2026-03-24",
    staffId: A.jonas,
    detail: true,
  });
  const slotId = free.result.structuredContent.slots[0].options[0].slotId;
  const r = await tool("book_appointment", {
    slotId,
    customerId: customer.result.structuredContent.customer.id,
  });
  return r.result.structuredContent.appointment.id;
}

describe("server/discover and the per-request envelope", () => {
  it("discover names both eras, the capabilities, the instructions and the server", async () => {
    const r = await modern("server/discover");
    expect(r.status).toBe(200);
    const { result } = r.json as Json;
    expect(result).toMatchObject({
      resultType: "complete",
      capabilities: { tools: {}, resources: {}, prompts: {} },
      instructions: expect.stringContaining("book_appointment"),
      ttlMs: expect.any(Number),
      cacheScope: "private",
      _meta: { "io.modelcontextprotocol/serverInfo": { name: "bookingtime-mcp" } },
    });
    // Listings never change while the server runs: no subscriptions/listen to point clients to.
    expect(JSON.stringify(result.capabilities)).not.toMatch(/listChanged|subscribe/);
    expect(result.supportedVersions).toEqual(
      expect.arrayContaining([MODERN, LATEST_PROTOCOL_VERSION, "2025-06-18"]),
    );
  });

  it("answers a listing without any handshake, in the revision's shape", async () => {
    const r = await modern("tools/list");
    expect(r.status).toBe(200);
    const { result } = r.json as Json;
    expect(result.resultType).toBe("complete");
    expect(result.cacheScope).toBe("private");
    expect(result.tools.map((t: Json) => t.name)).toContain("cancel_appointment");
  });

  it("refuses an unknown version with -32022 naming the supported ones", async () => {
    const r = await modern("tools/list", {}, { version: "1900-01-01" });
    expect(r.status).toBe(400);
    expect((r.json as Json).error).toMatchObject({
      code: -32022,
      data: { requested: "1900-01-01", supported: expect.arrayContaining([MODERN]) },
    });
  });

  it("refuses a request without client capabilities (-32602) and a method the revision dropped (404)", async () => {
    const bare = await http.raw("/mcp", {
      headers: {
        ...RPC_HEADERS,
        authorization: `Bearer ${token}`,
        "mcp-protocol-version": MODERN,
        "mcp-method": "tools/list",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/list",
        params: { _meta: { "io.modelcontextprotocol/protocolVersion": MODERN } },
      }),
    });
    expect(bare.status).toBe(400);
    expect((bare.json as Json).error.code).toBe(-32602);
    const ping = await modern("ping");
    expect(ping.status).toBe(404);
    expect((ping.json as Json).error.code).toBe(-32601);
  });

  it("refuses answers that are not an InputResponses object, and names the URI of a missing resource", async () => {
    for (const extra of [
      { inputResponses: 7 },
      { inputResponses: null },
      { inputResponses: { confirm_change: 7 } },
      { inputResponses: { confirm_change: null } },
      { requestState: 1 },
    ]) {
      const r = await modern("tools/call", { name: "list_services", arguments: {} }, { extra });
      expect(r.status).toBe(400);
      expect((r.json as Json).error.code).toBe(-32602);
    }
    const uri = "bookingtime://organization/nothing-here";
    const missing = await modern("resources/read", { uri });
    expect((missing.json as Json).error).toMatchObject({ code: -32602, data: { uri } });
  });

  it("refuses headers that do not say what the body says (HeaderMismatch)", async () => {
    const wrongName = await modern(
      "tools/call",
      { name: "list_services", arguments: {} },
      { headers: { "mcp-name": "cancel_appointment" } },
    );
    expect(wrongName.status).toBe(400);
    expect((wrongName.json as Json).error.code).toBe(-32020);
    const otherVersion = await modern(
      "tools/list",
      {},
      { headers: { "mcp-protocol-version": "2025-11-25" } },
    );
    expect(otherVersion.status).toBe(400);
    expect((otherVersion.json as Json).error.code).toBe(-32020);
    const noMethod = await modern("tools/list", {}, { headers: { "mcp-method": undefined } });
    expect(noMethod.status).toBe(400);
    expect((noMethod.json as Json).error.code).toBe(-32020);
    const encoded = await modern(
      "tools/call",
      { name: "list_services", arguments: {} },
      { headers: { "mcp-name": `=?base64?${Buffer.from("list_services").toString("base64")}?=` } },
    );
    expect((encoded.json as Json).result.resultType).toBe("complete");
  });

  it("a tool a policy leaves out is refused in the revision's shape too", async () => {
    const viewer = newToken();
    const narrowed = await startHttpHarness(sandbox, {
      tokens: [`viewer:${viewer}`],
      policy: { subjects: {}, groups: {}, tokens: { viewer: { readOnly: true } } },
    });
    try {
      const r = await narrowed.raw("/mcp", {
        headers: {
          ...RPC_HEADERS,
          authorization: `Bearer ${viewer}`,
          "mcp-protocol-version": MODERN,
          "mcp-method": "tools/call",
          "mcp-name": "cancel_appointment",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 5,
          method: "tools/call",
          params: {
            name: "cancel_appointment",
            arguments: { appointmentId: `ed${"a".repeat(30)}` },
            _meta: {
              "io.modelcontextprotocol/protocolVersion": MODERN,
              "io.modelcontextprotocol/clientCapabilities": {},
            },
          },
        }),
      });
      const { result } = r.json as Json;
      expect(result).toMatchObject({ resultType: "complete", isError: true });
      expect(result.content[0].text).toMatch(/^cancel_appointment is not available to you/);
    } finally {
      await narrowed.close();
    }
  });

  it("still serves the handshake era on the same endpoint", async () => {
    const r = await http.raw("/mcp", {
      headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
      body: initializeBody,
    });
    expect(r.status).toBe(200);
    expect((r.json as Json).result).toMatchObject({ serverInfo: { name: "bookingtime-mcp" } });
    expect((r.json as Json).result.resultType).toBeUndefined();
  });
});

describe("the cancel confirmation as a multi-round-trip request", () => {
  it("asks with an input request, changes nothing, and acts only on a signed yes for the same call", async () => {
    const appointmentId = await booked();
    const first = await tool("cancel_appointment", { appointmentId, confirm: true }, ELICIT);
    const asked = first.result;
    expect(asked).toMatchObject({
      resultType: "input_required",
      inputRequests: {
        confirm_change: {
          method: "elicitation/create",
          params: {
            mode: "form",
            message: expect.stringMatching(/^Cancel the "Haircut" appointment of "Ada Modern"/),
            requestedSchema: { required: ["confirm"] },
          },
        },
      },
      requestState: expect.any(String),
    });
    expect(cancels()).toHaveLength(0);
    const yes = { confirm_change: { action: "accept", content: { confirm: true } } };

    // A forged or altered state, or the yes sent with other arguments: asked again, nothing done.
    const forged = await tool(
      "cancel_appointment",
      { appointmentId, confirm: true },
      {
        ...ELICIT,
        extra: { inputResponses: yes, requestState: `${asked.requestState}x` },
      },
    );
    expect(forged.result.resultType).toBe("input_required");
    const otherCall = await tool(
      "cancel_appointment",
      { appointmentId },
      {
        ...ELICIT,
        extra: { inputResponses: yes, requestState: asked.requestState },
      },
    );
    expect(otherCall.result.resultType).toBe("input_required");
    const noState = await tool(
      "cancel_appointment",
      { appointmentId, confirm: true },
      {
        ...ELICIT,
        extra: { inputResponses: yes },
      },
    );
    expect(noState.result.resultType).toBe("input_required");
    expect(cancels()).toHaveLength(0);

    const declined = await tool(
      "cancel_appointment",
      { appointmentId, confirm: true },
      {
        ...ELICIT,
        extra: {
          inputResponses: { confirm_change: { action: "decline" } },
          requestState: asked.requestState,
        },
      },
    );
    expect(declined.result).toMatchObject({
      resultType: "complete",
      structuredContent: { canceled: false, reason: "the user did not confirm." },
    });
    expect(cancels()).toHaveLength(0);
    expect(sandbox.appointments(SANDBOX_ORGANIZATIONS.acme)[0]?.canceled).toBe(false);

    const accepted = await tool(
      "cancel_appointment",
      { appointmentId, confirm: true },
      {
        ...ELICIT,
        extra: { inputResponses: yes, requestState: asked.requestState },
      },
    );
    expect(accepted.result).toMatchObject({
      resultType: "complete",
      structuredContent: { canceled: true },
    });
    expect(cancels()).toHaveLength(1);
  });

  it("does not ask a client that declared no elicitation: confirm: true decides, as in the handshake era", async () => {
    const appointmentId = await booked();
    const unconfirmed = await tool("cancel_appointment", { appointmentId });
    expect(unconfirmed.result).toMatchObject({
      resultType: "complete",
      structuredContent: { canceled: false },
    });
    expect(unconfirmed.result.inputRequests).toBeUndefined();
    expect(cancels()).toHaveLength(0);
    const confirmed = await tool("cancel_appointment", { appointmentId, confirm: true });
    expect(confirmed.result.structuredContent).toMatchObject({ canceled: true });
  });

  it("counts the person's MRTR yes where BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION refuses confirm: true", async () => {
    const strict = await startHttpHarness(sandbox, {
      tokens: [token],
      sandboxClock: true,
      requireHumanConfirmation: true,
    });
    const saved = http;
    try {
      const appointmentId = await booked();
      http = strict;
      const refused = await tool("cancel_appointment", { appointmentId, confirm: true });
      expect(refused.result.isError).toBe(true);
      const asked = (await tool("cancel_appointment", { appointmentId }, ELICIT)).result;
      expect(asked.resultType).toBe("input_required");
      const done = await tool(
        "cancel_appointment",
        { appointmentId },
        {
          ...ELICIT,
          extra: {
            inputResponses: { confirm_change: { action: "accept", content: { confirm: true } } },
            requestState: asked.requestState,
          },
        },
      );
      expect(done.result.structuredContent).toMatchObject({ canceled: true });
      expect(cancels()).toHaveLength(1);
    } finally {
      http = saved;
      await strict.close();
    }
  });
});
