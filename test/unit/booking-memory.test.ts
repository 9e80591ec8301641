import { describe, expect, it } from "vitest";
import { BookingMemory, KeyReusedError } from "../../src/booking/booking-memory.js";

describe("BookingMemory", () => {
  it("runs once per key and hands the first result to repeats, also while in flight", async () => {
    const memory = new BookingMemory();
    let calls = 0;
    const book = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return `booking-${calls}`;
    };
    const [a, b] = await Promise.all([memory.once("k", "f", book), memory.once("k", "f", book)]);
    expect(a).toEqual({ result: "booking-1", repeated: false });
    expect(b).toEqual({ result: "booking-1", repeated: true });
    expect(calls).toBe(1);
  });

  it("forgets after the TTL and after a failure", async () => {
    let now = 0;
    const memory = new BookingMemory({ ttlMs: 1000, now: () => now });
    await memory.once("k", "f", async () => 1);
    now = 1000;
    expect((await memory.once("k", "f", async () => 2)).result).toBe(2);
    await expect(
      memory.once("x", "f", async () => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    expect((await memory.once("x", "f", async () => 3)).repeated).toBe(false);
  });

  it("refuses a key reused for other arguments", async () => {
    const memory = new BookingMemory();
    await memory.once("k", "slot-a", async () => 1);
    await expect(memory.once("k", "slot-b", async () => 2)).rejects.toBeInstanceOf(KeyReusedError);
  });

  it("stays bounded, dropping the oldest first", async () => {
    const memory = new BookingMemory({ maxOutcomes: 3, maxSlots: 2 });
    for (const key of ["a", "b", "c", "d"]) await memory.once(key, "f", async () => key);
    expect(memory.size.outcomes).toBe(3);
    expect((await memory.once("a", "f", async () => "again")).repeated).toBe(false);
    const slot = { organizationId: "o", serviceName: "s", startMs: 0, timeZone: "UTC" };
    for (const id of ["1", "2", "3"]) memory.rememberSlot(id, slot);
    expect(memory.slot("1")).toBeUndefined();
    expect(memory.slot("3")).toEqual(expect.objectContaining({ serviceName: "s" }));
  });
});
