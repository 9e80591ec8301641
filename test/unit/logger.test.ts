import { describe, expect, it } from "vitest";
import type { LogLevel } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";

function capture(level: LogLevel = "trace") {
  const lines: string[] = [];
  const logger = createLogger(level, new SecretRegistry(), {
    write: (s: string) => void lines.push(s),
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

const SECRET = "S3CR3T-value-that-must-not-appear";

/** Reads a nested property of a parsed log record. */
function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    current =
      current !== null && typeof current === "object"
        ? (current as Record<string, unknown>)[key]
        : undefined;
  }
  return current;
}

describe("createLogger", () => {
  it("writes JSON lines with level, name and message", () => {
    const { logger, records } = capture("info");
    logger.info({ tool: "get_organization", ms: 12 }, "tool call");
    expect(records()).toHaveLength(1);
    expect(records()[0]).toMatchObject({
      level: 30,
      name: "bookingtime-mcp",
      msg: "tool call",
      tool: "get_organization",
      ms: 12,
    });
  });

  it("respects the level", () => {
    const { logger, lines } = capture("warn");
    logger.info("hidden");
    logger.debug("hidden");
    logger.warn("shown");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("shown");
  });

  it.each([
    "clientSecret",
    "client_secret",
    "refreshToken",
    "refresh_token",
    "accessToken",
    "access_token",
    "authorization",
    "Authorization",
  ])("redacts %s at the top level, one and two levels deep", (key) => {
    const { logger, lines, records } = capture("trace");
    logger.info({ [key]: SECRET }, "top");
    logger.info({ outer: { [key]: SECRET } }, "one level");
    logger.info({ outer: { inner: { [key]: SECRET } } }, "two levels");

    expect(lines).toHaveLength(3);
    expect(lines.join("")).not.toContain(SECRET);
    const [top, one, two] = records();
    expect(dig(top, key)).toBe("[redacted]");
    expect(dig(one, "outer", key)).toBe("[redacted]");
    expect(dig(two, "outer", "inner", key)).toBe("[redacted]");
  });

  it("redacts secrets in objects inside an array", () => {
    const { logger, lines, records } = capture("info");
    logger.info({ grants: [{ refresh_token: SECRET, organizationId: "f6abc" }] }, "list");
    expect(lines.join("")).not.toContain(SECRET);
    expect(dig(records()[0], "grants")).toEqual([
      { refresh_token: "[redacted]", organizationId: "f6abc" },
    ]);
  });

  it("redacts an Authorization header inside a request object, and keeps the other fields", () => {
    const { logger, lines, records } = capture("debug");
    logger.debug(
      {
        req: {
          method: "GET",
          headers: { authorization: `Bearer ${SECRET}`, accept: "application/json" },
        },
        status: 200,
      },
      "upstream request",
    );
    expect(lines.join("")).not.toContain(SECRET);
    const record = records()[0] as { req: { method: string; headers: Record<string, string> } };
    expect(record.req.headers.authorization).toBe("[redacted]");
    expect(record.req.headers.accept).toBe("application/json");
    expect(record.req.method).toBe("GET");
  });

  it("redacts every secret at every level, in child loggers too", () => {
    const { logger, lines } = capture("trace");
    const child = logger.child({ component: "auth" });
    for (const log of [logger, child]) {
      for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
        log[level]({ clientSecret: SECRET, grant: { refresh_token: SECRET } }, "x");
      }
    }
    expect(lines).toHaveLength(12);
    expect(lines.join("")).not.toContain(SECRET);
  });

  it("keeps non-secret fields next to redacted ones", () => {
    const { logger, records } = capture("info");
    logger.info({ organizationId: "f6abc", accessToken: SECRET, expires_in: 300 }, "issued");
    expect(records()[0]).toMatchObject({
      organizationId: "f6abc",
      accessToken: "[redacted]",
      expires_in: 300,
    });
  });
});
