import { describe, expect, it } from "vitest";
import { AUTH_WINDOW_MS, AuthThrottle, MAX_AUTH_FAILURES } from "../../src/http/throttle.js";

describe("wrong-token throttling per client address", () => {
  it(`blocks an address after ${MAX_AUTH_FAILURES} wrong tokens until its window ends`, () => {
    let now = 1_000_000;
    const throttle = new AuthThrottle(() => now);
    for (let i = 0; i < MAX_AUTH_FAILURES - 1; i++) throttle.failed("10.0.0.1");
    expect(throttle.waitMs("10.0.0.1")).toBe(0);
    throttle.failed("10.0.0.1");
    expect(throttle.waitMs("10.0.0.1")).toBe(AUTH_WINDOW_MS);
    // Another address is not affected.
    expect(throttle.waitMs("10.0.0.2")).toBe(0);
    now += AUTH_WINDOW_MS - 1_000;
    expect(throttle.waitMs("10.0.0.1")).toBe(1_000);
    now += 1_000;
    expect(throttle.waitMs("10.0.0.1")).toBe(0);
  });

  it("forgets an address's failures once it sends a right token", () => {
    const throttle = new AuthThrottle(() => 0);
    for (let i = 0; i < MAX_AUTH_FAILURES - 1; i++) throttle.failed("10.0.0.1");
    throttle.succeeded("10.0.0.1");
    throttle.failed("10.0.0.1");
    expect(throttle.waitMs("10.0.0.1")).toBe(0);
  });

  it("remembers a bounded number of addresses, dropping the oldest", () => {
    const throttle = new AuthThrottle(() => 0, 2, AUTH_WINDOW_MS, 100);
    for (let i = 0; i < 10_000; i++) throttle.failed(`10.0.${i >> 8}.${i & 255}`);
    expect(throttle.tracked).toBe(100);
  });
});
