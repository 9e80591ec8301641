import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

describe("arguments that are not usable text are refused with the field named", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("a lone UTF-16 surrogate in query is refused as invalid, naming query, before any request", async () => {
    const before = h.sandbox.requests.length;
    const result = await h.call("find_customers", { query: "M\uD800ller" });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/^Invalid arguments for find_customers/);
    expect(text).toMatch(/- query: must be well-formed text/);
    expect(text).not.toMatch(/internal error/);
    expect(h.sandbox.requests.length).toBe(before);
  });

  it("a lone surrogate in customId (and in a nested field) is refused naming each field", async () => {
    const result = await h.call("add_customer", {
      firstName: "Ada",
      lastName: "Lovelace",
      customId: "crm-\uDC01",
      address: { street: "Main \uD83D", zip: "1", city: "X", country: "DE" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/- customId: must be well-formed text/);
    expect(textOf(result)).toMatch(/- address\.street: must be well-formed text/);
    expect(h.sandbox.addedCustomers(SANDBOX_ORGANIZATIONS.acme)).toHaveLength(0);
  });

  it("a correctly paired surrogate (an emoji) is ordinary text and accepted", async () => {
    const result = await h.call("find_customers", { query: "😀" });
    expect(result.isError).toBeFalsy();
  });

  it("a 101-character first name is refused saying the 100-character limit", async () => {
    const result = await h.call("add_customer", { firstName: "A".repeat(101), lastName: "B" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/- firstName: firstName must be at most 100 characters/);
    expect(textOf(result)).not.toMatch(/must be a string/);
  });
});
