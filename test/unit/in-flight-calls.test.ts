import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { cancelOwner, InFlightCalls } from "../../src/http/in-flight-calls.js";

const req = (authorization?: string) =>
  ({ headers: authorization ? { authorization } : {} }) as IncomingMessage;

describe("in-flight calls over HTTP, for notifications/cancelled", () => {
  it("cancels the owner's call of that id only, and forgets it once ended", () => {
    const calls = new InFlightCalls();
    const reasons: string[] = [];
    const forget = calls.add("alice", 7, (r) => reasons.push(r));
    expect(calls.cancel("bob", 7, "not yours")).toBe(false);
    expect(calls.cancel("alice", "7", "a string id is another request")).toBe(false);
    expect(calls.cancel("alice", 7, "stop")).toBe(true);
    expect(reasons).toEqual(["stop"]);
    forget();
    forget();
    expect(calls.running).toBe(0);
    expect(calls.cancel("alice", 7, "again")).toBe(false);
  });

  it("cancels neither of two calls of one owner that share an id", () => {
    const calls = new InFlightCalls();
    const reasons: string[] = [];
    const first = calls.add("alice", 1, () => reasons.push("first"));
    calls.add("alice", 1, () => reasons.push("second"));
    expect(calls.cancel("alice", 1, "which?")).toBe(false);
    first();
    expect(calls.cancel("alice", 1, "now clear")).toBe(true);
    expect(reasons).toEqual(["second"]);
  });

  it("stays bounded", () => {
    const calls = new InFlightCalls();
    for (let i = 0; i < 5_000; i++) calls.add("alice", i, () => {});
    expect(calls.running).toBe(4_096);
    expect(calls.cancel("alice", 4_999, "beyond the bound")).toBe(false);
  });

  it("tells unnamed static tokens apart without keeping the token", () => {
    const a = cancelOwner(req("Bearer token-a"), { id: "static-token" });
    const b = cancelOwner(req("Bearer token-b"), { id: "static-token" });
    expect(a).not.toBe(b);
    expect(a).not.toContain("token-a");
    expect(cancelOwner(req("Bearer x"), { id: "ops" })).toBe(cancelOwner(req(), { id: "ops" }));
    expect(cancelOwner(req(), { id: "anonymous" })).toBe(cancelOwner(req(), { id: "anonymous" }));
  });
});
