import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { narrowDeps } from "../../src/access/access.js";
import { splitNamedToken } from "../../src/access/named-token.js";
import { loadPolicy, resolvePolicy } from "../../src/access/policy.js";
import { fileAudit, loggerAudit } from "../../src/audit/audit.js";
import { callerScope } from "../../src/audit/caller.js";
import { auditWrite } from "../../src/audit/write-audit.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { BearerAuth } from "../../src/http/auth.js";
import { discoveryUrls } from "../../src/http/oauth.js";
import { metadataUrl } from "../../src/http/resource-server.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";
import type { ServerDeps } from "../../src/server.js";
import { LogCapture } from "../helpers/log-capture.js";

const ENV = { BOOKINGTIME_CLIENT_ID: "client-123" } as const;
const A = `f6${"a".repeat(30)}`;
const B = `f6${"b".repeat(30)}`;
const tmp = () => mkdtempSync(join(tmpdir(), "bt-access-"));

function configError(env: Record<string, string>): string {
  try {
    loadConfig(["--http"], { ...ENV, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("did not throw");
}

describe("OAuth configuration", () => {
  it("takes the issuer and the resource URL together", () => {
    const config = loadConfig(["--http"], {
      ...ENV,
      BOOKINGTIME_MCP_OAUTH_ISSUER: "https://id.example.com/realms/staff",
      BOOKINGTIME_MCP_RESOURCE_URL: "https://mcp.example.com/mcp",
      BOOKINGTIME_MCP_POLICY_FILE: "/etc/bookingtime/policy.json",
      BOOKINGTIME_MCP_AUDIT_FILE: "/var/log/bookingtime/audit.jsonl",
    });
    expect(config.http?.oauth).toEqual({
      issuer: "https://id.example.com/realms/staff",
      resource: "https://mcp.example.com/mcp",
    });
    expect(config.http?.policyFile).toBe("/etc/bookingtime/policy.json");
    expect(config.auditFile).toBe("/var/log/bookingtime/audit.jsonl");
  });

  it("refuses one without the other, plain http off loopback, and --insecure-no-auth beside it", () => {
    expect(configError({ BOOKINGTIME_MCP_OAUTH_ISSUER: "https://id.example.com" })).toMatch(
      /go together/,
    );
    expect(
      configError({
        BOOKINGTIME_MCP_OAUTH_ISSUER: "http://id.example.com",
        BOOKINGTIME_MCP_RESOURCE_URL: "https://mcp.example.com/mcp",
      }),
    ).toMatch(/BOOKINGTIME_MCP_OAUTH_ISSUER must be an https URL/);
    expect(() =>
      loadConfig(["--http", "--insecure-no-auth"], {
        ...ENV,
        BOOKINGTIME_MCP_OAUTH_ISSUER: "http://127.0.0.1:9000",
        BOOKINGTIME_MCP_RESOURCE_URL: "http://127.0.0.1:3000/mcp",
      }),
    ).toThrow(/contradict/);
  });

  it("reads name:token entries, checking the token part for length", () => {
    expect(splitNamedToken("frontdesk:0123456789abcdefghijklmnopqrstuv")).toEqual({
      name: "frontdesk",
      token: "0123456789abcdefghijklmnopqrstuv",
    });
    expect(splitNamedToken("plain-token-without-a-name")).toEqual({
      name: undefined,
      token: "plain-token-without-a-name",
    });
    expect(configError({ BOOKINGTIME_MCP_TOKENS: "frontdesk:short" })).toMatch(/shorter than/);
    const auth = new BearerAuth(
      ["frontdesk:0123456789abcdefghijklmnopqrstuv"],
      new SecretRegistry(),
    );
    expect(auth.match("0123456789abcdefghijklmnopqrstuv")).toEqual({
      result: "ok",
      name: "frontdesk",
    });
    expect(auth.match("frontdesk:0123456789abcdefghijklmnopqrstuv").result).toBe("invalid");
  });

  it("finds metadata where RFC 8414, OpenID and RFC 9728 put it", () => {
    expect(discoveryUrls("https://id.example.com/realms/staff")).toEqual([
      "https://id.example.com/.well-known/oauth-authorization-server/realms/staff",
      "https://id.example.com/realms/staff/.well-known/openid-configuration",
    ]);
    expect(metadataUrl("https://mcp.example.com/mcp")).toBe(
      "https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
    );
  });
});

describe("policy file", () => {
  const write = (body: unknown) => {
    const path = join(tmp(), "policy.json");
    writeFileSync(path, JSON.stringify(body));
    return path;
  };

  it("resolves subject, then token name, then groups together, then the default", () => {
    const policy = loadPolicy(
      write({
        subjects: { alice: { organizations: [A] } },
        tokens: { ci: { readOnly: true } },
        groups: { north: { organizations: [A], readOnly: true }, south: { organizations: [B] } },
        default: { readOnly: true, organizations: [] },
      }),
    );
    expect(resolvePolicy(policy, { subject: "alice", groups: ["south"] })).toEqual({
      organizations: [A],
    });
    expect(resolvePolicy(policy, { tokenName: "ci" })).toEqual({ readOnly: true });
    expect(resolvePolicy(policy, { subject: "bob", groups: ["north", "south"] })).toEqual({
      organizations: [A, B],
      readOnly: false,
      toolsets: undefined,
    });
    expect(resolvePolicy(policy, { subject: "carol" })).toEqual({
      readOnly: true,
      organizations: [],
    });
    expect(resolvePolicy({ ...policy, default: undefined }, { subject: "carol" })).toBeUndefined();
  });

  it("refuses an unknown key or a malformed organization id at start", () => {
    expect(() => loadPolicy(write({ subject: {} }))).toThrow(ConfigError);
    expect(() => loadPolicy(write({ subjects: { a: { organizations: ["f6short"] } } }))).toThrow(
      /organizations/,
    );
    expect(() => loadPolicy(join(tmp(), "missing.json"))).toThrow(/ENOENT/);
  });

  it("only narrows: BOOKINGTIME_ALLOWED_ORGANIZATIONS and --read-only stay the outer limit", () => {
    const base = { allowedOrganizations: [A], tools: { readOnly: true } } as unknown as ServerDeps;
    const narrowed = narrowDeps(base, {
      caller: { id: "x" },
      policy: { organizations: [A, B], readOnly: false },
      scopes: new Set(["bookingtime:read", "bookingtime:write", "bookingtime:cancel"]),
    });
    expect(narrowed.allowedOrganizations).toEqual([A]);
    expect(narrowed.tools?.readOnly).toBe(true);
    const claimed = narrowDeps({} as ServerDeps, {
      caller: { id: "y" },
      claimedOrganizations: [B],
    });
    expect(claimed.allowedOrganizations).toEqual([B]);
  });
});

describe("audit trail", () => {
  it("goes to the log at info even when LOG_LEVEL is error", () => {
    const capture = new LogCapture();
    const secrets = new SecretRegistry();
    const audit = loggerAudit(createLogger("error", secrets, capture), secrets);
    auditWrite(audit, {
      tool: "add_customer",
      args: { firstName: "Ada" },
      organization: A,
      result: { created: true, customer: { id: `d3${"e".repeat(30)}` } },
    });
    expect(capture.entries()).toMatchObject([
      { msg: "audit", audit: "write", caller: "stdio", tool: "add_customer", outcome: "done" },
    ]);
    expect(capture.text).not.toContain("Ada");
    // One "time" key per line: pino's; the audit adds none of its own on this path.
    const raw = capture.lines[0] as string;
    expect(raw.match(/"time":/g)).toHaveLength(1);
    expect(typeof capture.entries()[0]?.time).toBe("number");
  });

  it("a file that cannot be opened stops the start, naming the variable", () => {
    expect(() =>
      fileAudit(join(tmp(), "missing-dir", "audit.jsonl"), new SecretRegistry()),
    ).toThrow(/BOOKINGTIME_MCP_AUDIT_FILE .* cannot be opened for appending \(ENOENT\)/);
  });

  it("appends to an existing file, makes it owner-only, and keeps tokens out", () => {
    const path = join(tmp(), "audit.jsonl");
    writeFileSync(path, '{"earlier":true}\n');
    chmodSync(path, 0o644);
    const secrets = new SecretRegistry();
    const audit = fileAudit(path, secrets);
    const token = "live-secret-token-0123456789abcdefghij";
    secrets.add(token);
    callerScope.run({ id: "alice", clientId: "claude" }, () =>
      auditWrite(audit, {
        tool: "book_appointment",
        args: { slotId: `4f${"c".repeat(30)}`, notes: "call Ada Lovelace", idempotencyKey: token },
        organization: A,
        errorKind: "upstream_unavailable",
      }),
    );
    auditWrite(audit, {
      tool: "cancel_appointment",
      args: { appointmentId: `ed${"d".repeat(30)}` },
      organization: A,
      result: { canceled: false, reason: "the user did not confirm." },
    });
    audit.close();
    const lines = readFileSync(path, "utf8").trim().split("\n");
    expect(lines[0]).toBe('{"earlier":true}');
    expect(JSON.parse(lines[1] as string)).toMatchObject({
      caller: "alice",
      clientId: "claude",
      tool: "book_appointment",
      organization: A,
      ids: { slotId: `4f${"c".repeat(30)}` },
      outcome: "unknown",
    });
    expect(JSON.parse(lines[2] as string)).toMatchObject({
      caller: "stdio",
      outcome: "refused",
      reason: "declined",
    });
    const text = readFileSync(path, "utf8");
    expect(text).not.toContain(token);
    expect(text).not.toContain("Lovelace");
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
