import { describe, expect, it } from "vitest";
import { ConfigError, isLoopback, loadConfig } from "../../src/config.js";

const ENV = { BOOKINGTIME_CLIENT_ID: "client-123" } as const;
const NEW_TOKEN = "new-token-0123456789abcdefghijklmnop";
const OLD_TOKEN = "old-token-0123456789abcdefghijklmnop";

function configError(argv: readonly string[], env: Record<string, string | undefined>): string {
  try {
    loadConfig(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig(${JSON.stringify(argv)}) did not throw`);
}

describe("remote mode configuration", () => {
  it("is off without --http, and ignores PORT and HOST then", () => {
    expect(loadConfig([], { ...ENV, PORT: "nonsense", HOST: "0.0.0.0" }).http).toBeUndefined();
  });

  it("defaults to 127.0.0.1:3000, bearer auth with a generated token under the state directory", () => {
    const config = loadConfig(["--http"], { ...ENV, HOME: "/home/mcp" });
    expect(config.http).toStrictEqual({
      port: 3000,
      host: "127.0.0.1",
      tokens: [],
      tokenFile: "/home/mcp/.local/state/bookingtime-mcp/mcp-token",
      insecureNoAuth: false,
      allowedHosts: [],
      allowedOrigins: [],
      maxConnections: 1000,
      maxRequests: 256,
    });
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it("takes PORT, HOST and the MCP variables from the environment, flags winning", () => {
    const env = {
      ...ENV,
      PORT: "8080",
      HOST: "0.0.0.0",
      BOOKINGTIME_MCP_TOKENS: ` ${NEW_TOKEN} , ${OLD_TOKEN} ,`,
      BOOKINGTIME_MCP_TOKEN_FILE: "/run/mcp/token",
      BOOKINGTIME_MCP_ALLOWED_HOSTS: "MCP.example.com,mcp.internal:8443",
      BOOKINGTIME_MCP_ALLOWED_ORIGINS: "https://App.example.com,http://localhost:5173",
      XDG_STATE_HOME: "/state",
    };
    expect(loadConfig(["--http"], env).http).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      tokens: [NEW_TOKEN, OLD_TOKEN],
      tokenFile: "/run/mcp/token",
      allowedHosts: ["mcp.example.com", "mcp.internal:8443"],
      allowedOrigins: ["https://app.example.com", "http://localhost:5173"],
    });
    expect(loadConfig(["--http", "--port", "0", "--host", "10.0.0.7"], env).http).toMatchObject({
      port: 0,
      host: "10.0.0.7",
    });
    const { BOOKINGTIME_MCP_TOKEN_FILE: _, ...withoutFile } = env;
    expect(loadConfig(["--http"], withoutFile).http?.tokenFile).toBe(
      "/state/bookingtime-mcp/mcp-token",
    );
  });

  it("keeps --port meaning the emulator's port for the sandbox command", () => {
    const config = loadConfig(["sandbox", "--port", "4999"], {});
    expect(config).toMatchObject({ mode: "sandbox-only", sandboxPort: 4999, http: undefined });
  });

  it("refuses a non-loopback bind without allowed hosts, saying what to set", () => {
    const message = configError(["--http", "--host", "0.0.0.0"], ENV);
    expect(message).toContain("BOOKINGTIME_MCP_ALLOWED_HOSTS");
    expect(configError(["--http"], { ...ENV, HOST: "::" })).toContain("HOST ::");
  });

  it("accepts --insecure-no-auth only on a loopback bind", () => {
    expect(loadConfig(["--http", "--insecure-no-auth"], ENV).http?.insecureNoAuth).toBe(true);
    const message = configError(["--http", "--insecure-no-auth", "--host", "0.0.0.0"], {
      ...ENV,
      BOOKINGTIME_MCP_ALLOWED_HOSTS: "mcp.example.com",
    });
    expect(message).toContain("--insecure-no-auth");
    expect(message).toContain("loopback");
  });

  it("refuses --insecure-no-auth together with BOOKINGTIME_MCP_TOKENS as ambiguous", () => {
    const message = configError(["--http", "--insecure-no-auth"], {
      ...ENV,
      BOOKINGTIME_MCP_TOKENS: "tok-s3cr3t",
    });
    expect(message).toContain("--insecure-no-auth");
    expect(message).toContain("BOOKINGTIME_MCP_TOKENS");
    expect(message).not.toContain("s3cr3t");
  });

  it("takes a bracketed IPv6 --host as written in URLs and binds the bare address", () => {
    expect(loadConfig(["--http", "--host", "[::1]"], ENV).http?.host).toBe("::1");
    expect(loadConfig(["--http"], { ...ENV, HOST: "[::1]" }).http?.host).toBe("::1");
  });

  it("refuses remote-mode flags without --http and --http with the sandbox command", () => {
    expect(configError(["--host", "127.0.0.1"], ENV)).toContain("--http");
    expect(configError(["--insecure-no-auth"], ENV)).toContain("--http");
    expect(configError(["sandbox", "--http"], ENV)).toContain("--http");
  });

  it.each([
    ["PORT", "65536"],
    ["PORT", "http"],
    ["BOOKINGTIME_MCP_TOKENS", "has space-s3cr3t"],
    ["BOOKINGTIME_MCP_ALLOWED_HOSTS", "https://mcp.example.com/s3cr3t"],
    ["BOOKINGTIME_MCP_ALLOWED_ORIGINS", "app.example.com/s3cr3t"],
    ["BOOKINGTIME_MCP_ALLOWED_ORIGINS", "https://app.example.com:99999"],
  ])("names %s when it is malformed, without echoing the value", (variable, value) => {
    const message = configError(["--http"], { ...ENV, [variable]: value });
    expect(message).toContain(variable);
    expect(message).not.toContain(value);
    expect(message).not.toContain("s3cr3t");
  });

  it("knows which bind addresses are loopback", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) {
      expect(isLoopback(host)).toBe(true);
    }
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "example.com", "127.0.0.1.example.com"]) {
      expect(isLoopback(host)).toBe(false);
    }
  });
});
