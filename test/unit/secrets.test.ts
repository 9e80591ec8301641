import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { redactUrl, SecretRegistry } from "../../src/secrets.js";
import { LogCapture } from "../helpers/log-capture.js";

describe("the registry of live secrets", () => {
  it("scrubs a secret wherever it occurs, also JSON-escaped, in keys and nested values", () => {
    const secrets = new SecretRegistry();
    secrets.add('s3cret"with-quote');
    secrets.add("plain-token-12345");
    expect(secrets.scrub("x plain-token-12345 y")).toBe("x [redacted] y");
    expect(secrets.scrub(JSON.stringify({ v: 's3cret"with-quote' }))).toBe('{"v":"[redacted]"}');
    expect(
      secrets.scrubDeep({ a: [{ b: "k=plain-token-12345" }], "plain-token-12345": 1, n: 2 }),
    ).toEqual({ a: [{ b: "k=[redacted]" }], "[redacted]": 1, n: 2 });
  });

  it("ignores values too short to be secrets, and keeps a bounded number", () => {
    const secrets = new SecretRegistry();
    secrets.add("short");
    expect(secrets.scrub("short")).toBe("short");
    for (let i = 0; i < 100; i++) secrets.add(`token-number-${i}-xyz`);
    expect(secrets.scrub("token-number-0-xyz")).toBe("token-number-0-xyz");
    expect(secrets.scrub("token-number-99-xyz")).toBe("[redacted]");
  });

  it("every log line is scrubbed, whatever field carries the secret", () => {
    const secrets = new SecretRegistry();
    secrets.add("at-live-access-token-42");
    const logs = new LogCapture();
    const logger = createLogger("info", secrets, logs);
    logger.info({ messages: [{ type: "at-live-access-token-42" }] }, "upstream said");
    logger.warn({ err: new Error("boom at-live-access-token-42") }, "failed");
    logger.info("plain at-live-access-token-42");
    expect(logs.text).not.toContain("at-live-access-token-42");
    expect(logs.lines).toHaveLength(3);
  });

  it("redactUrl drops user:pass@ from a URL and registers the password", () => {
    const secrets = new SecretRegistry();
    expect(redactUrl("https://u:p%40ssword-1@api.example.com/app/v3", secrets)).toBe(
      "https://[redacted]@api.example.com/app/v3",
    );
    expect(secrets.scrub("p@ssword-1 and p%40ssword-1")).toBe("[redacted] and [redacted]");
    expect(redactUrl("https://api.example.com/app/v3", secrets)).toBe(
      "https://api.example.com/app/v3",
    );
  });
});
