import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

interface Found {
  query: string;
  page: number;
  total: number;
  hasMore: boolean;
  customers: { id: string; name: string; email?: string; mobile?: string; customId?: string }[];
}

describe("find_customers against the sandbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.sandbox.reset();
  });

  const find = async (args: Record<string, unknown>) => {
    const result = await h.call("find_customers", args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return { found: result.structuredContent as unknown as Found, text: textOf(result) };
  };
  const filterCalls = () => h.sandbox.requests.filter((r) => r.path.includes("/customer/filter/"));

  it("pages through every customer 25 at a time with total and hasMore", async () => {
    const first = await find({});
    expect(first.found).toMatchObject({ page: 1, total: 64, hasMore: true });
    expect(first.found.customers).toHaveLength(25);
    expect(first.text).toContain("page 2");
    const third = await find({ page: 3 });
    expect(third.found).toMatchObject({ page: 3, total: 64, hasMore: false });
    expect(third.found.customers).toHaveLength(14);
    const ids = new Set([...first.found.customers, ...third.found.customers].map((c) => c.id));
    expect(ids.size).toBe(39);
  });

  it("answers a page past the end with no customers and says so", async () => {
    const { found, text } = await find({ page: 9 });
    expect(found).toMatchObject({ page: 9, total: 64, hasMore: false, customers: [] });
    expect(text).toMatch(/past the last page \(3\)/);
  });

  it("returns compact records: id, name, email, mobile, customId", async () => {
    const { found } = await find({ query: "lovelace" });
    expect(found.customers).toEqual([
      {
        id: expect.stringMatching(/^d3[A-Za-z0-9]{30}$/),
        name: "Ada Lovelace",
        email: "ada@example.com",
        mobile: "+44 20 7946 0000",
        customId: "crm-1815",
      },
    ]);
    expect(found).toMatchObject({ total: 1, hasMore: false });
  });

  it.each([
    ["jürgen müller", "Jürgen Müller"],
    ["MÜLLER", "Jürgen Müller"],
    ["Weiß", "Zoë Weiß"],
    ["K&M-0042", "Zoë Weiß"],
    ["+49 170 5550001", "Jürgen Müller"],
  ])("encodes %j so that it reaches the case-insensitive search intact", async (query, name) => {
    const { found } = await find({ query });
    expect(found.customers.map((c) => c.name)).toEqual(name === undefined ? [] : [name]);
  });

  it("finds nothing for a query nobody matches, without an error", async () => {
    const { found, text } = await find({ query: "Zaphod Beeblebrox" });
    expect(found).toMatchObject({ total: 0, hasMore: false, customers: [] });
    expect(text).toContain("No customers matching 'Zaphod Beeblebrox'");
  });

  it("finds a customer just added", async () => {
    await h.call("add_customer", {
      firstName: "Grace",
      lastName: "Hopper",
      email: "grace@navy.mil",
    });
    const { found } = await find({ query: "grace@navy" });
    expect(found.customers.map((c) => c.name)).toEqual(["Grace Hopper"]);
  });

  it.each([
    [{ page: 0 }, "page"],
    [{ page: 1.5 }, "page"],
    [{ query: "x", limit: 5 }, "limit"],
    [{ organizationId: "f6short" }, "organizationId"],
  ])("rejects %j before any request", async (args, field) => {
    const result = await h.call("find_customers", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(field);
    expect(filterCalls()).toHaveLength(0);
  });

  it("searches the organization named in the call", async () => {
    const { found } = await find({ organizationId: SANDBOX_ORGANIZATIONS.globex });
    expect(found).toMatchObject({ total: 0, customers: [] });
  });
});
