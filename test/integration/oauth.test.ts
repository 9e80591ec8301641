import { createPublicKey } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { importJWK, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS, Sandbox } from "../../packages/bookingtime-emulator/src/index.js";
import type { AuditRecord } from "../../src/audit/audit.js";
import { OAuthVerifier } from "../../src/http/oauth.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";
import {
  ALL,
  type AuthorizationServer,
  startAuthorizationServer,
} from "../helpers/authorization-server.js";
import {
  type HttpHarness,
  RPC_HEADERS,
  startHttpHarness,
  toolCallBody,
} from "../helpers/http-harness.js";
import { LogCapture } from "../helpers/log-capture.js";

/** The public URL clients use; the tests reach the server on 127.0.0.1 (as behind a proxy). */
const RESOURCE = "https://bookings.example.test/mcp";
const METADATA = "https://bookings.example.test/.well-known/oauth-protected-resource/mcp";
const SECRET = "client-secret-for-the-oauth-integration-tests";

let as: AuthorizationServer;
let sandbox: Sandbox;
let h: HttpHarness;
let clock = Date.now();
const verifierLogs = new LogCapture();
const audited: AuditRecord[] = [];

const listBody = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
const post = (token: string | undefined, body = listBody) =>
  h.raw("/mcp", {
    headers: { ...RPC_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

beforeAll(async () => {
  as = await startAuthorizationServer([
    { clientId: "full", clientSecret: SECRET, scope: ALL },
    { clientId: "reader", clientSecret: SECRET, scope: "bookingtime:read" },
    { clientId: "writer", clientSecret: SECRET, scope: "bookingtime:read bookingtime:write" },
    { clientId: "desk", clientSecret: SECRET, scope: ALL, claims: { groups: ["globex-desk"] } },
    {
      clientId: "claimed",
      clientSecret: SECRET,
      scope: ALL,
      claims: { bookingtime_organizations: [SANDBOX_ORGANIZATIONS.globex] },
    },
  ]);
  sandbox = await Sandbox.start();
  const verifier = new OAuthVerifier({
    issuer: as.issuer,
    resource: RESOURCE,
    logger: createLogger("debug", new SecretRegistry(), verifierLogs),
    now: () => clock,
  });
  h = await startHttpHarness(sandbox, {
    resourceServer: { issuer: as.issuer, resource: RESOURCE, verifier },
    audit: { write: (record) => audited.push(record), close: () => undefined },
  });
});
afterAll(async () => {
  await h.close();
  await sandbox.close();
  await as.close();
});

/** A token signed with the authorization server's own key, with claims a test chooses. */
async function forged(
  claims: Record<string, unknown>,
  opts: { jwk?: JWK; kid?: string } = {},
): Promise<string> {
  const jwk = opts.jwk ?? as.privateJwk;
  const now = Math.floor(clock / 1000);
  const payload = {
    scope: ALL,
    client_id: "full",
    sub: "full",
    iss: as.issuer,
    aud: RESOURCE,
    iat: now,
    exp: now + 300,
    ...claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: opts.kid ?? String(jwk.kid) })
    .sign(await importJWK(jwk, "RS256"));
}

function expectChallenge(headers: Record<string, unknown>, error?: string): void {
  const value = String(headers["www-authenticate"]);
  expect(value).toContain(`resource_metadata="${METADATA}"`);
  expect(value).toContain(`scope="${ALL}"`);
  if (error) expect(value).toContain(`error="${error}"`);
  else expect(value).not.toContain("error=");
}

describe("protected resource metadata (RFC 9728)", () => {
  it.each(["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"])(
    "%s names the resource, its authorization server and the scopes",
    async (path) => {
      const res = await h.raw(path, { method: "GET" });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        resource: RESOURCE,
        authorization_servers: [as.issuer],
        scopes_supported: ALL.split(" "),
        bearer_methods_supported: ["header"],
        resource_name: "bookingtime-mcp",
      });
    },
  );
});

describe("access tokens from a real authorization server", () => {
  it("without a token: 401 pointing at the metadata, no error code", async () => {
    const res = await post(undefined);
    expect(res.status).toBe(401);
    expectChallenge(res.headers);
  });

  it("a valid token: tools work, the log names the caller and never the token", async () => {
    const token = await as.token("full", RESOURCE);
    const client = await h.client(token);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(15);
    const result = (await client.callTool({ name: "get_organization" })) as CallToolResult;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const access = h.logs.entries().filter((e) => e.msg === "http request" && e.path === "/mcp");
    expect(access.at(-1)).toMatchObject({ caller: "full", clientId: "full", status: 200 });
    expect(h.logs.text).not.toContain(token);
    expect(h.logs.text).not.toContain(token.split(".")[2]);
  });

  it("a token for another resource (audience): 401 invalid_token", async () => {
    const token = await as.token("full", "https://other.example.test/mcp");
    const res = await post(token);
    expect(res.status).toBe(401);
    expectChallenge(res.headers, "invalid_token");
  });

  it("an expired token: 401 invalid_token (the server's clock moved past exp and the skew)", async () => {
    const token = await as.token("full", RESOURCE);
    expect((await post(token)).status).toBe(200);
    const saved = clock;
    // Past exp (issued just now, 300 s) and the skew, counted from now: counting from when this
    // file was loaded fell short on a loaded machine, where the token came >30 s after that.
    clock = Date.now() + 301_000 + 30_000;
    try {
      const res = await post(token);
      expect(res.status).toBe(401);
      expectChallenge(res.headers, "invalid_token");
    } finally {
      clock = saved;
    }
  });

  it("a token not yet valid (nbf beyond the skew): 401", async () => {
    const token = await forged({ nbf: Math.floor(clock / 1000) + 120 });
    expect((await post(token)).status).toBe(401);
  });

  it("a token from another issuer, even signed with the right key: 401", async () => {
    // The same forging with the right issuer is accepted: the issuer alone makes the difference.
    expect((await post(await forged({}))).status).toBe(200);
    const token = await forged({ iss: "https://evil.example.test" });
    const res = await post(token);
    expect(res.status).toBe(401);
    expectChallenge(res.headers, "invalid_token");
  });

  it("a tampered token (bad signature): 401", async () => {
    const token = await as.token("full", RESOURCE);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, sub: "admin" })).toString("base64url");
    expect((await post(`${header}.${widened}.${signature}`)).status).toBe(401);
    const flipped = `${signature.slice(0, -4)}${signature.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const res = await post(`${header}.${payload}.${flipped}`);
    expect(res.status).toBe(401);
    expectChallenge(res.headers, "invalid_token");
  });

  it("alg none: 401", async () => {
    const token = await as.token("full", RESOURCE);
    const payload = token.split(".")[1];
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString(
      "base64url",
    );
    const res = await post(`${header}.${payload}.`);
    expect(res.status).toBe(401);
    expectChallenge(res.headers, "invalid_token");
  });

  it("HS256 with the issuer's public key as the HMAC secret: 401", async () => {
    const pem = createPublicKey({ key: as.publicJwk as never, format: "jwk" })
      .export({ type: "spki", format: "pem" })
      .toString();
    const now = Math.floor(clock / 1000);
    const token = await new SignJWT({ scope: ALL, client_id: "full" })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: String(as.publicJwk.kid) })
      .setSubject("full")
      .setIssuer(as.issuer)
      .setAudience(RESOURCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(new TextEncoder().encode(pem));
    const res = await post(token);
    expect(res.status).toBe(401);
    expectChallenge(res.headers, "invalid_token");
  });

  it("after a key rotation: the new kid is fetched once; an unknown kid is refused without hammering the issuer", async () => {
    expect((await post(await as.token("full", RESOURCE))).status).toBe(200);
    const before = as.jwksFetches;
    await as.rotate();
    // The last fetch was moments ago: move past the cooldown, as a real rotation would be.
    clock += 31_000;
    const rotated = await as.token("full", RESOURCE);
    expect((await post(rotated)).status).toBe(200);
    expect(as.jwksFetches).toBe(before + 1);
    expect((await post(rotated)).status).toBe(200);
    expect(as.jwksFetches).toBe(before + 1);

    // A kid the issuer never published, signed by some other key.
    const { generateKeyPair, exportJWK } = await import("jose");
    const stranger = await exportJWK(
      (await generateKeyPair("RS256", { extractable: true })).privateKey,
    );
    for (let i = 0; i < 5; i++) {
      const res = await post(await forged({}, { jwk: { ...stranger, kid: `unknown-${i}` } }));
      expect(res.status).toBe(401);
      expectChallenge(res.headers, "invalid_token");
    }
    // Within the cooldown: not one refetch for five unknown kids.
    expect(as.jwksFetches).toBe(before + 1);
    clock += 31_000;
    expect(
      (await post(await forged({}, { jwk: { ...stranger, kid: "unknown-late" } }))).status,
    ).toBe(401);
    expect(as.jwksFetches).toBe(before + 2);
  });
});

describe("scopes decide the tools", () => {
  const names = async (token: string) => {
    const res = await post(token);
    expect(res.status).toBe(200);
    return (res.json as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name);
  };

  it("bookingtime:read lists only the read tools; write adds all but cancel; cancel adds cancel", async () => {
    const read = await names(await as.token("reader", RESOURCE));
    expect(read).toContain("get_organization");
    expect(read).not.toContain("book_appointment");
    expect(read).not.toContain("cancel_appointment");
    expect(read).toHaveLength(10);
    const write = await names(await as.token("writer", RESOURCE));
    expect(write).toContain("book_appointment");
    expect(write).toContain("move_appointment");
    expect(write).not.toContain("cancel_appointment");
    expect(write).toHaveLength(14);
    expect(await names(await as.token("full", RESOURCE))).toHaveLength(15);
  });

  it("a call outside the scopes: 403 insufficient_scope naming the scope, nothing sent upstream", async () => {
    const reader = await as.token("reader", RESOURCE);
    const before = sandbox.requests.length;
    const res = await post(reader, toolCallBody("add_customer", { firstName: "A", lastName: "B" }));
    expect(res.status).toBe(403);
    const challenge = String(res.headers["www-authenticate"]);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="bookingtime:write"');
    expect(challenge).toContain(`resource_metadata="${METADATA}"`);
    const writer = await as.token("writer", RESOURCE);
    const cancel = await post(
      writer,
      toolCallBody("cancel_appointment", { appointmentId: `ed${"0".repeat(30)}`, confirm: true }),
    );
    expect(cancel.status).toBe(403);
    expect(String(cancel.headers["www-authenticate"])).toContain('scope="bookingtime:cancel"');
    expect(sandbox.requests.length).toBe(before);
    // Both refusals are in the audit trail, naming the token's subject.
    expect(audited.slice(-2)).toMatchObject([
      { caller: { id: "reader", clientId: "reader" }, tool: "add_customer", outcome: "refused" },
      { caller: { id: "writer" }, tool: "cancel_appointment", outcome: "refused" },
    ]);
    expect(audited.slice(-2).map((r) => r.reason)).toEqual([
      "insufficient_scope",
      "insufficient_scope",
    ]);
  });

  it("a read-only token gets no write prompts and the read-only instructions", async () => {
    const client = await h.client(await as.token("reader", RESOURCE));
    expect((await client.listPrompts()).prompts).toEqual([]);
    expect(client.getInstructions()).toMatch(/read-only/);
  });
});

describe("with static tokens beside OAuth and a policy file", () => {
  const { acme, globex } = SANDBOX_ORGANIZATIONS;
  const opsToken = "ops-static-token-0123456789abcdefghijkl";
  let h2: HttpHarness;
  beforeAll(async () => {
    const verifier = new OAuthVerifier({
      issuer: as.issuer,
      resource: RESOURCE,
      logger: createLogger("silent", new SecretRegistry()),
      now: () => clock,
    });
    h2 = await startHttpHarness(sandbox, {
      tokens: [`ops:${opsToken}`],
      resourceServer: { issuer: as.issuer, resource: RESOURCE, verifier },
      policy: {
        subjects: {},
        tokens: { ops: {} },
        groups: { "globex-desk": { organizations: [globex] } },
        default: { readOnly: true },
      },
    });
  });
  afterAll(() => h2.close());

  const call = async (token: string, name: string, args: Record<string, unknown> = {}) => {
    const client = await h2.client(token);
    return (await client.callTool({ name, arguments: args })) as CallToolResult;
  };

  it("a static token still works, with its name as the caller", async () => {
    const r = await call(opsToken, "get_organization");
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    const access = h2.logs.entries().filter((e) => e.msg === "http request" && e.path === "/mcp");
    expect(access.at(-1)).toMatchObject({ caller: "ops" });
  });

  it("a token's group limits it to that group's organization", async () => {
    const token = await as.token("desk", RESOURCE);
    const before = sandbox.requests.filter((r) => r.path.includes(acme)).length;
    const refused = await call(token, "get_organization");
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain(`Organization ${acme}`);
    expect(sandbox.requests.filter((r) => r.path.includes(acme)).length).toBe(before);
    const allowed = await call(token, "get_organization", { organizationId: globex });
    expect(allowed.isError, JSON.stringify(allowed.content)).toBeFalsy();
  });

  it("a bookingtime_organizations claim narrows like the policy", async () => {
    const token = await as.token("claimed", RESOURCE);
    expect((await call(token, "get_organization", { organizationId: acme })).isError).toBe(true);
    // Its subject is in no group: the default (read-only) applies, whatever the scopes say.
    const client = await h2.client(token);
    const { tools } = await client.listTools();
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it("answers 503 when the issuer cannot be reached to check a token", async () => {
    const verifier = new OAuthVerifier({
      issuer: "http://127.0.0.1:1",
      resource: RESOURCE,
      logger: createLogger("silent", new SecretRegistry()),
    });
    const down = await startHttpHarness(sandbox, {
      resourceServer: { issuer: "http://127.0.0.1:1", resource: RESOURCE, verifier },
    });
    try {
      const res = await down.raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization: `Bearer ${await as.token("full", RESOURCE)}` },
        body: listBody,
      });
      expect(res.status).toBe(503);
      expect(res.headers["retry-after"]).toBeDefined();
    } finally {
      await down.close();
    }
  });
});
