import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { BearerAuth, writeGeneratedToken } from "../../src/http/auth.js";
import { describeRpc } from "../../src/http/body.js";
import { HostGuard } from "../../src/http/guard.js";
import { SecretRegistry } from "../../src/secrets.js";

describe("BearerAuth", () => {
  const auth = new BearerAuth(["current-token", "previous-token"], new SecretRegistry());

  it("accepts any configured token, case-insensitive scheme", () => {
    expect(auth.check("Bearer current-token")).toBe("ok");
    expect(auth.check("bearer previous-token")).toBe("ok");
  });

  it("tells a missing token from a wrong one", () => {
    for (const header of [undefined, "", "Bearer", "Bearer ", "Basic current-token"]) {
      expect(auth.check(header)).toBe("missing");
    }
    for (const header of ["Bearer current-tokenX", "Bearer current", "Bearer x y"]) {
      expect(auth.check(header)).not.toBe("ok");
    }
  });

  it("needs at least one token", () => {
    expect(() => new BearerAuth([], new SecretRegistry())).toThrow();
  });
});

describe("writeGeneratedToken", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bookingtime-mcp-token-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes a fresh random token readable by the owner only, creating the directory", async () => {
    const path = join(dir, "nested", "mcp-token");
    const first = await writeGeneratedToken(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, "utf8")).trim()).toBe(first);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await writeGeneratedToken(path)).not.toBe(first);
  });

  it("replaces a symlink at the path instead of writing through it", async () => {
    const target = join(dir, "elsewhere");
    await writeFile(target, "untouched\n");
    const path = join(dir, "linked-token");
    await symlink(target, path);
    await writeGeneratedToken(path);
    expect(await readFile(target, "utf8")).toBe("untouched\n");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("stops with a configuration error naming both variables, leaving no temp file", async () => {
    // A non-empty directory where the file should go: the temp file is written, the rename fails.
    const path = join(dir, "occupied");
    await mkdir(join(path, "child"), { recursive: true });
    const failure = await writeGeneratedToken(path).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toContain("BOOKINGTIME_MCP_TOKEN_FILE");
    expect((failure as Error).message).toContain("BOOKINGTIME_MCP_TOKENS");
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    // A parent that is a file: nothing can be created at all.
    await writeFile(join(dir, "plain-file"), "x");
    await expect(writeGeneratedToken(join(dir, "plain-file", "mcp-token"))).rejects.toThrow(
      /BOOKINGTIME_MCP_TOKEN_FILE/,
    );
  });
});

describe("HostGuard", () => {
  it("on loopback accepts the bind address under its three names, with the port", () => {
    const guard = new HostGuard({
      host: "127.0.0.1",
      port: 3000,
      allowedHosts: [],
      allowedOrigins: [],
    });
    for (const host of ["127.0.0.1:3000", "localhost:3000", "LOCALHOST:3000", "[::1]:3000"]) {
      expect(guard.hostAllowed(host)).toBe(true);
    }
    for (const host of [undefined, "", "127.0.0.1", "localhost:3001", "evil.example.com:3000"]) {
      expect(guard.hostAllowed(host)).toBe(false);
    }
  });

  it("on another loopback address also accepts that address as Host", () => {
    for (const [host, name] of [
      ["127.0.0.2", "127.0.0.2:4000"],
      ["::1", "[::1]:4000"],
    ] as const) {
      const guard = new HostGuard({ host, port: 4000, allowedHosts: [], allowedOrigins: [] });
      expect(guard.hostAllowed(name)).toBe(true);
      expect(guard.hostAllowed("localhost:4000")).toBe(true);
      expect(guard.hostAllowed("127.0.0.3:4000")).toBe(false);
    }
  });

  it("matches allowed hosts by name on any port, or exactly when a port is given", () => {
    const guard = new HostGuard({
      host: "0.0.0.0",
      port: 3000,
      allowedHosts: ["mcp.example.com", "mcp.internal:8443"],
      allowedOrigins: [],
    });
    expect(guard.hostAllowed("mcp.example.com")).toBe(true);
    expect(guard.hostAllowed("MCP.example.com:443")).toBe(true);
    expect(guard.hostAllowed("mcp.internal:8443")).toBe(true);
    expect(guard.hostAllowed("mcp.internal:9000")).toBe(false);
    expect(guard.hostAllowed("0.0.0.0:3000")).toBe(false);
    expect(guard.hostAllowed("evil.mcp.example.com")).toBe(false);
  });

  it("accepts a specific non-loopback bind address as Host", () => {
    const guard = new HostGuard({
      host: "10.0.0.7",
      port: 3000,
      allowedHosts: ["x"],
      allowedOrigins: [],
    });
    expect(guard.hostAllowed("10.0.0.7:3000")).toBe(true);
  });

  it("accepts no Origin, the allowed origins and the server's own, nothing else", () => {
    const guard = new HostGuard({
      host: "127.0.0.1",
      port: 3000,
      allowedHosts: [],
      allowedOrigins: ["https://app.example.com"],
    });
    for (const origin of [undefined, "https://app.example.com", "http://localhost:3000"]) {
      expect(guard.originAllowed(origin)).toBe(true);
    }
    for (const origin of ["null", "https://evil.example.com", "http://localhost:3001", ""]) {
      expect(guard.originAllowed(origin)).toBe(false);
    }
  });
});

describe("describeRpc", () => {
  it("names the method, and the tool of a tools/call", () => {
    expect(describeRpc({ method: "tools/call", params: { name: "get_organization" } })).toEqual({
      rpc: "tools/call",
      tool: "get_organization",
    });
    expect(describeRpc([{ method: "tools/list" }])).toEqual({
      batch: 1,
      rpc: "tools/list",
      tools: [],
    });
    expect(describeRpc(null)).toEqual({});
  });

  it("names every tool of a batch", () => {
    const call = (name: string) => ({ method: "tools/call", params: { name } });
    expect(
      describeRpc([call("get_organization"), { method: "ping" }, call("list_services")]),
    ).toEqual({
      batch: 3,
      rpc: "tools/call,ping",
      tools: ["get_organization", "list_services"],
    });
  });

  it("drops a tool name that is not a plausible name", () => {
    const weird = describeRpc({ method: "tools/call", params: { name: 'x\n{"level":60}' } });
    expect(weird).toEqual({ rpc: "tools/call" });
  });
});
