import { describe, expect, it } from "vitest";
import { digest, STATE_TTL_MS, signState, verifyState } from "../../src/revision/request-state.js";

const claims = { caller: "alice", subject: ["tools/call", "cancel_appointment", { a: 1 }, "Q?"] };
const NOW = 1_800_000_000_000;

describe("MRTR requestState", () => {
  it("verifies for the same caller, call and question before it expires", () => {
    const state = signState(claims, NOW);
    expect(verifyState(state, claims, NOW + 1_000)).toBe(true);
    expect(verifyState(state, claims, NOW + STATE_TTL_MS)).toBe(false);
  });

  it("refuses another caller, other arguments, another question, and any altered byte", () => {
    const state = signState(claims, NOW);
    expect(verifyState(state, { ...claims, caller: "mallory" }, NOW)).toBe(false);
    const [m, t, a] = claims.subject;
    expect(verifyState(state, { ...claims, subject: [m, t, a, "Other?"] }, NOW)).toBe(false);
    expect(verifyState(state, { ...claims, subject: [m, t, { a: 2 }, "Q?"] }, NOW)).toBe(false);
    const [body, tag] = state.split(".");
    const forgedBody = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body ?? "", "base64url").toString()),
        e: NOW * 2,
      }),
    ).toString("base64url");
    expect(verifyState(`${forgedBody}.${tag}`, claims, NOW)).toBe(false);
    for (const bad of [undefined, 42, "", "a.b.c", `${body}.`, `${state}x`]) {
      expect(verifyState(bad, claims, NOW)).toBe(false);
    }
  });

  it("digests arguments independently of key order", () => {
    expect(digest({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(digest({ a: [{ x: 1, y: 2 }], b: 1 }));
    expect(digest({ a: 1 })).not.toBe(digest({ a: "1" }));
  });
});
