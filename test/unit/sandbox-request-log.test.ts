import { describe, expect, it } from "vitest";
import { REQUEST_LOG_LIMIT, SandboxState } from "../../packages/bookingtime-emulator/src/state.js";

describe("sandbox request log", () => {
  it("keeps the latest REQUEST_LOG_LIMIT requests in order, so a long-running sandbox does not grow", () => {
    const state = new SandboxState({ clients: [], accessTtlSec: 300, refreshTtlSec: 3600 });
    const total = REQUEST_LOG_LIMIT + 250;
    for (let i = 0; i < total; i++) {
      state.recordRequest({ method: "GET", path: `/r/${i}`, status: 200 });
    }
    expect(state.requests).toHaveLength(REQUEST_LOG_LIMIT);
    expect(state.requests[0]?.path).toBe(`/r/${total - REQUEST_LOG_LIMIT}`);
    expect(state.requests.at(-1)?.path).toBe(`/r/${total - 1}`);
    state.reset();
    expect(state.requests).toEqual([]);
  });
});
