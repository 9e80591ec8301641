import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const ADA = "d3AcmeCust0000000000000000000003";
const UNKNOWN = "d3NobodyNobodyNobodyNobodyNobody";

describe("get_customer and update_customer against the sandbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.sandbox.reset();
  });

  const customerCalls = () => h.sandbox.requests.filter((r) => r.path.includes("/customer/"));
  const stored = (id: string) =>
    h.sandbox.customers(acme).find((c) => c.id === id) as Record<string, unknown>;

  describe("get_customer", () => {
    it("reads a customer by bookingtime id, without class noise", async () => {
      const result = await h.call("get_customer", { customerId: ADA });
      expect(result.isError, textOf(result)).toBeFalsy();
      const { customer } = result.structuredContent as { customer: Record<string, unknown> };
      expect(customer).toMatchObject({
        id: ADA,
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.com",
        customId: "crm-1815",
        gender: "FEMALE",
      });
      expect(customer).not.toHaveProperty("class");
      expect(textOf(result)).toContain('Customer "Ada Lovelace"');
    });

    it("gives its timestamps in the organization's time zone, with offset", async () => {
      const result = await h.call("get_customer", { customerId: ADA });
      const { customer } = result.structuredContent as { customer: Record<string, string> };
      const raw = stored(ADA);
      expect(customer.timeZone).toBe("Europe/Berlin");
      // Seeded as 09:00 UTC, which is 10:00 in Berlin in January.
      expect(customer.timestampAdd).toMatch(/T10:00:00\+01:00$/);
      for (const field of ["timestampAdd", "timestampEdit"].filter((f) => raw[f])) {
        expect(customer[field]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
        expect(Date.parse(customer[field] ?? "")).toBe(Date.parse(String(raw[field])));
      }
    });

    it("reads a customer by the caller's customId, encoding it into the path", async () => {
      const result = await h.call("get_customer", { customId: "K&M-0042" });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ customer: { firstName: "Zoë" } });
      expect(customerCalls().at(-1)?.path).toMatch(/\/customer\/K%26M-0042\/identify$/);
    });

    it("turns an unknown customer into a clear 404 message", async () => {
      const result = await h.call("get_customer", { customerId: UNKNOWN });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(
        `bookingtime has no customer with id ${UNKNOWN} in this organization (404).`,
      );
      expect(textOf(result)).toMatch(/What to do: Search with find_customers/);
      expect(textOf(result)).toMatch(/customerId: Customer not found\./);
      const byCustomId = await h.call("get_customer", { customId: "no-such-id" });
      expect(textOf(byCustomId)).toMatch(/no customer with customId 'no-such-id'/);
      expect(textOf(byCustomId)).toMatch(/customId: No customer with this customId\./);
    });

    it.each([
      [{ customerId: "ed123456789012345678901234567890" }, "customerId"],
      [{ customerId: "d3short" }, "customerId"],
      [{ customerId: ADA, customId: "crm-1815" }, "exactly one"],
      [{}, "exactly one"],
    ])("rejects %j before any request", async (args, text) => {
      const result = await h.call("get_customer", args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(text);
      expect(customerCalls()).toHaveLength(0);
    });
  });

  describe("update_customer", () => {
    it("changes only the fields given and reports them", async () => {
      const result = await h.call("update_customer", {
        customerId: ADA,
        email: "ada@analytical.engine",
        mobile: "+44 20 1234 5678",
        confirm: true,
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toEqual({
        updated: true,
        changed: ["email", "mobile"],
        customer: {
          id: ADA,
          name: "Ada Lovelace",
          email: "ada@analytical.engine",
          mobile: "+44 20 1234 5678",
          customId: "crm-1815",
        },
      });
      expect(stored(ADA)).toMatchObject({
        firstName: "Ada",
        gender: "FEMALE",
        email: "ada@analytical.engine",
      });
      const edit = customerCalls().at(-1);
      expect(edit).toMatchObject({ method: "PUT", status: 200 });
      expect(edit?.path).toMatch(new RegExp(`/customer/${ADA}/edit$`));
    });

    it("refuses an empty update before any request", async () => {
      const result = await h.call("update_customer", { customerId: ADA });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("No field to change was given, so nothing was sent.");
      expect(customerCalls()).toHaveLength(0);
    });

    it.each([
      [{ customerId: ADA, email: "nope" }, "email"],
      [{ customerId: ADA, firstName: " " }, "firstName"],
      [{ customerId: ADA, phone: "+49 1" }, "phone"],
      [{ customerId: "d3x", notes: "hi" }, "customerId"],
    ])("rejects %j before any request", async (args, field) => {
      const result = await h.call("update_customer", args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(field);
      expect(customerCalls()).toHaveLength(0);
    });

    it("surfaces bookingtime's 422 per field and changes nothing", async () => {
      const result = await h.call("update_customer", {
        customerId: ADA,
        birthday: "2999-01-01",
        confirm: true,
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/422/);
      expect(textOf(result)).toMatch(/- birthday: This value should not be in the future\./);
      expect(stored(ADA)).not.toHaveProperty("birthday");
    });

    it("refuses a customId another customer has (409)", async () => {
      const result = await h.call("update_customer", {
        customerId: ADA,
        customId: "crm-1001",
        confirm: true,
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/409/);
      expect(textOf(result)).toMatch(/customId: A customer with this customId already exists\./);
      expect(stored(ADA).customId).toBe("crm-1815");
    });

    it("says an unknown customer was not found", async () => {
      const result = await h.call("update_customer", {
        customerId: UNKNOWN,
        notes: "x",
        confirm: true,
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(`no customer with id ${UNKNOWN}`);
    });
  });
});
