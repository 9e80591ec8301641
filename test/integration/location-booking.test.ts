import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_BOOKING } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const L = SANDBOX_BOOKING.acmeLocations;
const ALTONA = "f6AcmeA1tonaAcmeA1tonaAcmeA1tona";
const VIENNA = "f6AcmeWienAcmeWienAcmeWienAcmeWi";
const ZURICH = "f6AcmeZurichAcmeZurichAcmeZuri01";
// Monday 2026-03-23, 08:00 in Berlin, Vienna and Zürich alike.
const MONDAY_8AM = Date.parse("2026-03-23T07:00:00Z");

// biome-ignore lint/suspicious/noExplicitAny: structured results are inspected field by field
type Json = any;
const data = (r: CallToolResult): Json => r.structuredContent;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sandbox.reset();
  h.sandbox.clock.set(MONDAY_8AM);
});

describe("booking at an ACME location", () => {
  it.each([
    [ALTONA, L.altona, "Europe/Berlin", "Lena Krause"],
    [VIENNA, L.vienna, "Europe/Vienna", "Sophie Gruber"],
    [ZURICH, L.zurich, "Europe/Zurich", "Lukas Meier"],
  ])("%s offers a service with staff, in its own time zone", async (org, ids, zone, stylist) => {
    const services = data(await h.call("list_services", { organizationId: org })).services;
    expect(services).toEqual([
      expect.objectContaining({ id: ids.haircut, staff: [{ id: ids.stylist, name: stylist }] }),
    ]);
    const found = await h.call("find_free_slots", {
      organizationId: org,
      serviceId: ids.haircut,
      from: "2026-03-24",
    });
    expect(found.isError, textOf(found)).toBeFalsy();
    expect(data(found).timeZone).toBe(zone);
    expect(data(found).days[0].date).toBe("2026-03-24");
    expect(data(found).days[0].times[0]).toMatch(/^09:00 [A-Z]/);
  });

  it("books in Vienna; the location requires an email, and says so naming the field", async () => {
    const organizationId = VIENNA;
    const refused = await h.call("add_customer", {
      organizationId,
      firstName: "Ada",
      lastName: "Lovelace",
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/422/);
    expect(textOf(refused)).toMatch(/- email: This organization requires the customer's email/);

    const added = await h.call("add_customer", {
      organizationId,
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
    });
    expect(added.isError, textOf(added)).toBeFalsy();
    const customerId = data(added).customer.id;
    const found = data(
      await h.call("find_free_slots", {
        organizationId,
        serviceId: L.vienna.haircut,
        from: "2026-03-24",
      }),
    );
    // Booked by time, as a person says it: the first free start on that day, with its staff key.
    const [start, staffKey] = found.days[0].times[0].split(" ");
    const booked = await h.call("book_appointment", {
      organizationId,
      serviceId: L.vienna.haircut,
      date: "2026-03-24",
      start,
      staffId: staffKey,
      customerId,
    });
    expect(booked.isError, textOf(booked)).toBeFalsy();
    expect(data(booked).appointment).toMatchObject({
      service: "Haircut",
      timeZone: "Europe/Vienna",
      start: "2026-03-24T09:00:00+01:00",
      staff: [{ id: L.vienna.stylist, name: "Sophie Gruber" }],
      currency: "EUR",
    });
  });
});
