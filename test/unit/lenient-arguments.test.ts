import { describe, expect, it } from "vitest";
import { z } from "zod";
import { addCustomer } from "../../src/tools/add-customer.js";
import { findCustomers } from "../../src/tools/find-customers.js";
import { getCustomer } from "../../src/tools/get-customer.js";
import { lenientArguments } from "../../src/tools/support/lenient-arguments.js";
import { listingFor } from "../../src/tools/support/listing-cache.js";
import { updateCustomer } from "../../src/tools/update-customer.js";

const CUSTOMER = `d3${"a".repeat(30)}`;
const ADDRESS = { street: "Main St 1", zip: "10115", city: "Berlin", country: "DE" };
const add = (args: unknown) => lenientArguments(addCustomer.input, args);

describe('null or "" in an optional field', () => {
  it("is left out, so the field is absent (and a default applies)", () => {
    expect(add({ firstName: "A", lastName: "B", email: null, mobile: "", customId: "" })).toEqual({
      firstName: "A",
      lastName: "B",
    });
    const found = lenientArguments(findCustomers.input, { query: null, page: null });
    expect(found).toEqual({});
    expect(findCustomers.input.parse(found)).toEqual({ query: "", page: 1 });
    expect(lenientArguments(getCustomer.input, { customerId: CUSTOMER, customId: null })).toEqual({
      customerId: CUSTOMER,
    });
  });

  it("applies inside a nested object too", () => {
    const out = add({ firstName: "A", lastName: "B", address: { ...ADDRESS, extra: null } });
    expect(out).toEqual({ firstName: "A", lastName: "B", address: ADDRESS });
  });

  it('keeps a "" the field accepts: update_customer\'s notes: "" clears the notes', () => {
    const args = { customerId: CUSTOMER, notes: "", title: "" };
    expect(lenientArguments(updateCustomer.input, args)).toBe(args);
  });

  it("keeps null where the field accepts null", () => {
    const schema = z.object({ note: z.string().nullable().optional() });
    expect(lenientArguments(schema, { note: null })).toEqual({ note: null });
  });

  it("never makes a required field absent: it still fails, named", () => {
    for (const firstName of ["", null]) {
      const out = add({ firstName, lastName: "B" });
      expect(out).toEqual({ firstName, lastName: "B" });
      const parsed = addCustomer.input.safeParse(out);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["firstName"]);
    }
  });
});

describe("a number where the field is a string", () => {
  it("becomes its decimal string", () => {
    expect(lenientArguments(getCustomer.input, { customId: 1906 })).toEqual({ customId: "1906" });
    expect(add({ firstName: "A", lastName: "B", mobile: 491701234567 })).toMatchObject({
      mobile: "491701234567",
    });
    const schema = z.object({ code: z.string() });
    expect(lenientArguments(schema, { code: 2.5 })).toEqual({ code: "2.5" });
    expect(lenientArguments(schema, { code: -7 })).toEqual({ code: "-7" });
  });

  it("is left alone when its digits are already lost or it has an exponent", () => {
    const schema = z.object({ code: z.string() });
    for (const code of [2 ** 60, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(lenientArguments(schema, { code })).toEqual({ code });
    }
  });

  it("is left alone where the field is not a string (number, enum, boolean)", () => {
    const schema = z.object({ n: z.number(), e: z.enum(["A"]), b: z.boolean() });
    const args = { n: 1, e: 1, b: 1 };
    expect(lenientArguments(schema, args)).toBe(args);
  });
});

describe("an object or array written as a JSON string", () => {
  it("is parsed where the field is an object, and repaired inside", () => {
    const out = add({
      firstName: "A",
      lastName: "B",
      address: JSON.stringify({ ...ADDRESS, zip: 10115, extra: null }),
    });
    expect(out).toEqual({ firstName: "A", lastName: "B", address: ADDRESS });
    expect(addCustomer.input.safeParse(out).success).toBe(true);
  });

  it("is parsed where the field is an array", () => {
    const schema = z.object({ ids: z.array(z.string()).optional() });
    expect(lenientArguments(schema, { ids: ' ["a", 2] ' })).toEqual({ ids: ["a", "2"] });
  });

  it("is left as sent when it is not JSON, or JSON of another kind", () => {
    for (const address of ["Main St 1, Berlin", "{not json", "[1, 2]", "null", '"x"']) {
      const args = { firstName: "A", lastName: "B", address };
      expect(add(args)).toBe(args);
      const parsed = addCustomer.input.safeParse(args);
      expect(parsed.error?.issues[0]?.path).toEqual(["address"]);
    }
  });
});

describe("anything else", () => {
  it("is returned as the very same object, never modified", () => {
    const args = { firstName: "A", lastName: "B", gender: "X", unknown: null, email: 5 };
    const copy = structuredClone(args);
    const out = add(args);
    expect(out).toEqual({ ...copy, email: "5" });
    expect(args).toEqual(copy);
    const untouched = { firstName: "A", lastName: "B", gender: "X", unknown: null };
    expect(add(untouched)).toBe(untouched);
  });

  it("no arguments are {}", () => {
    expect(add(undefined)).toEqual({});
    expect(add(null)).toEqual({});
  });

  it("does not change what tools/list shows", () => {
    const before = JSON.stringify(listingFor([addCustomer, getCustomer]));
    add({ firstName: "A", lastName: "B", address: "{}" });
    expect(JSON.stringify(listingFor([addCustomer, getCustomer]))).toBe(before);
  });
});
