import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const { acme, globex } = SANDBOX_ORGANIZATIONS;

describe("add_customer against the sandbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.sandbox.reset();
  });

  const apiCalls = () => h.sandbox.requests.filter((r) => r.path.includes("/customer/"));

  it("creates a customer with every field and returns it with its id", async () => {
    const input = {
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      gender: "FEMALE",
      title: "Countess",
      mobile: "+44 20 7946 0000",
      birthday: "1815-12-10",
      locale: "en",
      notes: "Prefers mornings",
      customId: "crm-7001",
      address: { street: "St James's Square 12", zip: "SW1Y 4JH", city: "London", country: "gb" },
    };
    const result = await h.call("add_customer", input);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ created: true });
    const customer = (result.structuredContent as { customer: Record<string, unknown> }).customer;
    expect(customer.id).toMatch(/^d3[A-Za-z0-9]{30}$/);
    // The compact record find_customers and get_customer use, read back from bookingtime.
    expect(customer).toEqual({
      id: customer.id,
      name: "Ada Lovelace",
      email: "ada@example.com",
      mobile: "+44 20 7946 0000",
      customId: "crm-7001",
    });
    const found = await h.call("find_customers", { query: "crm-7001" });
    expect((found.structuredContent as { customers: unknown[] }).customers).toContainEqual(
      customer,
    );
    expect(textOf(result)).toContain(String(customer.id));
    const stored = h.sandbox.addedCustomers(acme);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: customer.id,
      email: "ada@example.com",
      gender: "FEMALE",
      birthday: "1815-12-10",
      address: { street: "St James's Square 12", zip: "SW1Y 4JH", city: "London", country: "GB" },
    });
  });

  it("creates in the organization named in the call", async () => {
    const result = await h.call("add_customer", {
      organizationId: globex,
      firstName: "Grace",
      lastName: "Hopper",
    });
    expect(result.isError).toBeFalsy();
    expect(h.sandbox.addedCustomers(globex)).toHaveLength(1);
    expect(h.sandbox.addedCustomers(acme)).toHaveLength(0);
  });

  it.each([
    [{ firstName: "Ada", lastName: "Lovelace", email: "not-an-email" }, "email"],
    [{ firstName: "Ada", lastName: "Lovelace", gender: "ROBOT" }, "gender"],
    [{ firstName: "Ada", lastName: "Lovelace", birthday: "2023-02-30" }, "birthday"],
    [{ firstName: "Ada", lastName: "Lovelace", birthday: "10.12.1815" }, "birthday"],
    [{ firstName: "Ada" }, "lastName is required"],
    [{ firstName: "Ada", lastName: "Lovelace", phone: "+49 170 1" }, "phone"],
    [{ firstName: "  ", lastName: "Lovelace" }, "firstName"],
    [
      {
        firstName: "Ada",
        lastName: "Lovelace",
        address: { street: "x", zip: "1", city: "y", country: "Germany" },
      },
      "address.country",
    ],
    [{ firstName: "Ada", lastName: "Lovelace", organizationId: "f6short" }, "organizationId"],
  ])("rejects %j before any request, naming %s", async (args, field) => {
    const result = await h.call("add_customer", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(field);
    expect(apiCalls()).toHaveLength(0);
    expect(h.sandbox.addedCustomers(acme)).toHaveLength(0);
  });

  it("reports one problem once: a badly written birthday is one message", async () => {
    const result = await h.call("add_customer", {
      firstName: "Ada",
      lastName: "Lovelace",
      birthday: "10.12.1815",
    });
    const text = textOf(result);
    expect(text.match(/birthday/g)).toHaveLength(2); // the message and its "at birthday"
    expect(text).not.toMatch(/real calendar date/);
  });

  it("surfaces the API's own validation messages when it refuses a value", async () => {
    const result = await h.call("add_customer", {
      firstName: "Ada",
      lastName: "Lovelace",
      birthday: "2999-01-01",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/422/);
    expect(textOf(result)).toMatch(/- birthday: /);
  });

  describe("idempotency by customId", () => {
    // A 401 is the cached token meeting the reset sandbox; it is renewed and sent again.
    const adds = () =>
      apiCalls().filter((r) => r.path.endsWith("/customer/add") && r.status !== 401);

    it("a repeated call returns the first customer with created: false, one record in all", async () => {
      const args = { firstName: "Grace", lastName: "Hopper", customId: "crm 1906/12" };
      const first = await h.call("add_customer", args);
      const second = await h.call("add_customer", args);
      expect(first.structuredContent).toMatchObject({ created: true });
      const firstCustomer = (first.structuredContent as { customer: { id: string } }).customer;
      expect(second.isError).toBeFalsy();
      expect(second.structuredContent).toEqual({
        created: false,
        customer: { id: firstCustomer.id, name: "Grace Hopper", customId: "crm 1906/12" },
      });
      expect(textOf(second)).toContain("already exists");
      expect(h.sandbox.addedCustomers(acme)).toHaveLength(1);
      expect(adds()).toHaveLength(1);
    });

    it("returns a seeded customer with that customId instead of adding one", async () => {
      const result = await h.call("add_customer", {
        firstName: "Ada",
        lastName: "Lovelace",
        customId: "crm-1815",
      });
      expect(result.structuredContent).toMatchObject({
        created: false,
        customer: { id: "d3AcmeCust0000000000000000000003" },
      });
      expect(adds()).toHaveLength(0);
    });

    it("answers with the existing customer when it appears between the lookup and the add", async () => {
      // The first identify says "not found", as if a parallel caller had not yet finished;
      // the add then meets the real customer and is refused with 409.
      h.sandbox.failNext({
        status: 404,
        body: {
          messageList: [
            {
              class: "MESSAGE",
              type: "failure",
              parameter: "customId",
              text: "No customer with this customId.",
            },
          ],
          content: null,
        },
        match: { pathIncludes: "/identify" },
      });
      const result = await h.call("add_customer", {
        firstName: "Max",
        lastName: "Mustermann",
        customId: "crm-1002",
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        created: false,
        customer: { id: "d3AcmeCust0000000000000000000004", customId: "crm-1002" },
      });
      expect(adds().map((r) => r.status)).toEqual([409]);
      expect(h.sandbox.addedCustomers(acme)).toHaveLength(0);
    });

    it("without a customId, every call creates a customer (the listing says customId makes repeats safe)", async () => {
      await h.call("add_customer", { firstName: "A", lastName: "B" });
      await h.call("add_customer", { firstName: "A", lastName: "B" });
      expect(h.sandbox.addedCustomers(acme)).toHaveLength(2);
      const { tools } = await h.client.listTools();
      const tool = tools.find((t) => t.name === "add_customer");
      expect(tool?.description).toMatch(/repeated customId returns the existing one/);
      expect(JSON.stringify(tool?.inputSchema.properties?.customId)).toMatch(/makes repeats safe/);
    });
  });
});
