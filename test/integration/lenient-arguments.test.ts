import { describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { data, useBookingHarness } from "../helpers/booking.js";
import { type Harness, textOf } from "../helpers/harness.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const ADDRESS = { street: "Main St 1", zip: "10115", city: "Berlin", country: "DE" };

let h: Harness;
useBookingHarness((harness) => {
  h = harness;
});

const apiRequests = () => h.sandbox.requests.filter((r) => r.path.includes("/organization/"));

describe("argument shapes models send, through the official client", () => {
  it("add_customer takes address as a JSON string, customId as a number, null optionals", async () => {
    const created = await h.call("add_customer", {
      firstName: "Ada",
      lastName: "Lovelace",
      address: JSON.stringify(ADDRESS),
      customId: 1906,
      email: null,
      mobile: "",
      organizationId: null,
    });
    expect(created.isError, textOf(created)).toBeFalsy();
    const [stored] = h.sandbox.addedCustomers(acme);
    expect(stored).toMatchObject({ customId: "1906", firstName: "Ada" });
    expect(JSON.stringify(stored)).toContain("Main St 1");
    expect(stored?.email ?? "").toBe("");

    const byCustomId = await h.call("get_customer", { customId: 1906, customerId: null });
    expect(byCustomId.isError, textOf(byCustomId)).toBeFalsy();
    expect(data(byCustomId).customer.id).toBe(data(created).customer.id);
  });

  it("a wrong type still fails before any request, naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ firstName: "A", lastName: "B", address: "Main St 1, Berlin" }, "address"],
      [{ firstName: "A", lastName: "B", address: '{"street": "x"}' }, "address.zip"],
      [{ firstName: "", lastName: "B" }, "firstName"],
      [{ firstName: null, lastName: "B" }, "firstName"],
      [{ firstName: "A", lastName: "B", gender: 1 }, "gender"],
      [{ firstName: "A", lastName: "B", birthday: 20200101 }, "birthday"],
    ];
    for (const [args, field] of cases) {
      const before = apiRequests().length;
      const result = await h.call("add_customer", args);
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(result)).toMatch(new RegExp(`^- ${field.replace(".", "\\.")}: `, "m"));
      expect(apiRequests().length).toBe(before);
    }
  });

  it("tools/list still shows the strict schema", async () => {
    const { tools } = await h.client.listTools();
    const add = tools.find((t) => t.name === "add_customer");
    const props = add?.inputSchema.properties as Record<string, { type?: string }>;
    expect(props.customId?.type).toBe("string");
    expect(props.address?.type).toBe("object");
  });
});
