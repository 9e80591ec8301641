import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiUrlHint, MIN_TOKEN_LENGTH } from "../../src/config/checks.js";
import { ConfigError, loadConfig } from "../../src/config.js";

const ENV = { BOOKINGTIME_CLIENT_ID: "client-123" } as const;

function configError(argv: readonly string[], env: Record<string, string | undefined>): string {
  try {
    loadConfig(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig(${JSON.stringify(argv)}) did not throw`);
}

/** The token the Kubernetes manifest ships as a placeholder. */
function manifestToken(): string {
  const manifest = readFileSync(new URL("../../deploy/kubernetes.yaml", import.meta.url), "utf8");
  const token = /BOOKINGTIME_MCP_TOKENS:\s*"([^"]+)"/.exec(manifest)?.[1];
  if (!token) throw new Error("no BOOKINGTIME_MCP_TOKENS in deploy/kubernetes.yaml");
  return token;
}

describe("bearer tokens at start", () => {
  it("refuses the placeholder token shipped in deploy/kubernetes.yaml", () => {
    const token = manifestToken();
    const message = configError(["--http"], { ...ENV, BOOKINGTIME_MCP_TOKENS: token });
    expect(message).toContain("BOOKINGTIME_MCP_TOKENS");
    expect(message).toContain("example");
    expect(message).not.toContain(token);
  });

  it(`refuses a token shorter than ${MIN_TOKEN_LENGTH} characters, naming its place in the list`, () => {
    const long = "k".repeat(MIN_TOKEN_LENGTH);
    const message = configError(["--http"], {
      ...ENV,
      BOOKINGTIME_MCP_TOKENS: `${long},short-s3cr3t`,
    });
    expect(message).toContain("item 2");
    expect(message).toContain(`shorter than ${MIN_TOKEN_LENGTH}`);
    expect(message).not.toContain("s3cr3t");
    expect(loadConfig(["--http"], { ...ENV, BOOKINGTIME_MCP_TOKENS: long }).http?.tokens).toEqual([
      long,
    ]);
  });
});

describe("flags and URLs that cannot work", () => {
  it("refuses --port without --http, like --host", () => {
    expect(configError(["--port", "3000"], ENV)).toContain("--http");
    expect(loadConfig(["sandbox", "--port", "4999"], {}).sandboxPort).toBe(4999);
  });

  it("takes the connection and request caps from the environment", () => {
    const env = {
      ...ENV,
      BOOKINGTIME_MCP_MAX_CONNECTIONS: "50",
      BOOKINGTIME_MCP_MAX_REQUESTS: "8",
    };
    expect(loadConfig(["--http"], env).http).toMatchObject({ maxConnections: 50, maxRequests: 8 });
    expect(configError(["--http"], { ...ENV, BOOKINGTIME_MCP_MAX_CONNECTIONS: "lots" })).toContain(
      "BOOKINGTIME_MCP_MAX_CONNECTIONS",
    );
  });

  it("hints at /app/v3 for an API URL without it, naming the URL without credentials", () => {
    const hint = apiUrlHint("https://user:pa55@api.bookingtime.com/");
    expect(hint).toContain("https://api.bookingtime.com");
    expect(hint).toContain("/app/v3");
    expect(hint).not.toContain("pa55");
    expect(apiUrlHint("https://api.bookingtime.com/app/v3")).toBeUndefined();
    expect(apiUrlHint("http://127.0.0.1:4010/app/v3/")).toBeUndefined();
  });
});
