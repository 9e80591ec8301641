import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const { acme, globex, initech } = SANDBOX_ORGANIZATIONS;

describe("get_organization against the sandbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it("returns effective values by default: no INHERITANCE wrappers, no class, no empty values", async () => {
    const result = await h.call("get_organization");
    expect(result.isError).toBeFalsy();
    const org = (result.structuredContent as { organization: Record<string, unknown> })
      .organization;
    expect(org.id).toBe(acme);
    expect(org.name).toBe("ACME");
    // The effective value is `result`, not the organization's own `value`.
    expect(org.email).toBe("central@acme.com");
    expect(org.description).toBe("Die erste Firma aus dem datafixture...");
    expect(org.address).toEqual({
      name: "ACME",
      street: "Street 10",
      zip: "12345",
      city: "Hamburg",
      country: "DE",
      geoCoordinates: { latitude: 52.6059747, longitude: 8.9841561 },
    });
    const settings = org.settings as Record<string, unknown>;
    expect(settings.timeZone).toBe("Europe/Berlin");
    expect(settings.moduleBookingDayLatest).toBe(14);
    expect(settings.customerEmailRequired).toBe(false);
    expect(settings).not.toHaveProperty("synchronizationServer");
    expect(org).not.toHaveProperty("notes");
    const json = JSON.stringify(org);
    expect(json).not.toContain("INHERITANCE");
    expect(json).not.toContain('"class"');
    // The text block carries the same data for clients that ignore structuredContent.
    expect(textOf(result)).toContain(JSON.stringify(result.structuredContent));
  });

  it("returns the API content unchanged with view 'full'", async () => {
    const result = await h.call("get_organization", { view: "full" });
    const org = (result.structuredContent as { organization: Record<string, unknown> })
      .organization;
    expect(org.class).toBe("ORGANIZATION");
    expect(org.email).toEqual({
      class: "INHERITANCE",
      value: "info@acme.com",
      inheritance: "PARENT_ORGANIZATION",
      result: "central@acme.com",
    });
    expect(org.notes).toBe("");
  });

  it("reads another permitted organization when one is named", async () => {
    const result = await h.call("get_organization", { organizationId: globex });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { organization: { id: string } }).organization.id).toBe(
      globex,
    );
  });

  it("names the organization the app may not access", async () => {
    const result = await h.call("get_organization", { organizationId: initech });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(initech);
    expect(textOf(result)).toMatch(/may not access/);
  });

  it("rejects a malformed organization id before any request", async () => {
    const result = await h.call("get_organization", { organizationId: "f6../../admin" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/organizationId/);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("names BOOKINGTIME_ORGANIZATION_ID when no organization is given and there is no default", async () => {
    await h.reconnect({ organizationId: undefined });
    try {
      const result = await h.call("get_organization");
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("BOOKINGTIME_ORGANIZATION_ID");
      expect(h.sandbox.requests).toHaveLength(0);
    } finally {
      await h.reconnect({});
    }
  });
});
