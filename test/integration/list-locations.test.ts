import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

const { acme, globex } = SANDBOX_ORGANIZATIONS;

describe("list_locations against the sandbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.sandbox.reset();
  });

  it("lists ACME's locations with their own ids, addresses and time zones", async () => {
    const result = await h.call("list_locations");
    expect(result.isError, textOf(result)).toBeFalsy();
    const data = result.structuredContent as {
      organizationId: string;
      total: number;
      locations: Record<string, unknown>[];
    };
    expect(data.organizationId).toBe(acme);
    expect(data.total).toBe(3);
    expect(data.locations).toEqual([
      {
        id: "f6AcmeA1tonaAcmeA1tonaAcmeA1tona",
        name: "ACME Hamburg-Altona",
        customId: "acme-altona",
        parentId: acme,
        address: "Große Bergstraße 160, 22767 Hamburg, DE",
        timeZone: "Europe/Berlin",
      },
      expect.objectContaining({ name: "ACME Wien", timeZone: "Europe/Vienna" }),
      expect.objectContaining({ name: "ACME Zürich", timeZone: "Europe/Zurich" }),
    ]);
    expect(textOf(result)).toContain(
      '3 locations: "ACME Hamburg-Altona", "ACME Wien", "ACME Zürich"',
    );
  });

  it("a location's id works as organizationId for the other tools", async () => {
    const result = await h.call("get_organization", {
      organizationId: "f6AcmeWienAcmeWienAcmeWienAcmeWi",
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ organization: { name: "ACME Wien" } });
  });

  it("says when an organization has no locations", async () => {
    const result = await h.call("list_locations", { organizationId: globex });
    expect(result.structuredContent).toEqual({ organizationId: globex, total: 0, locations: [] });
    expect(textOf(result)).toContain("has no sub-organizations");
  });

  it("still lists a location whose details cannot be read", async () => {
    h.sandbox.failNext({ status: 503, times: 3, match: { pathIncludes: "AcmeZurich" } });
    const result = await h.call("list_locations");
    const { locations } = result.structuredContent as { locations: Record<string, unknown>[] };
    expect(locations[2]).toEqual({
      id: "f6AcmeZurichAcmeZurichAcmeZuri01",
      name: "ACME Zürich",
      customId: "acme-zuerich",
      parentId: acme,
    });
  });

  it("rejects a malformed organization id before any request", async () => {
    const result = await h.call("list_locations", {
      organizationId: "d3AcmeCust0000000000000000000003",
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("organizationId");
    expect(h.sandbox.requests.filter((r) => r.path.includes("/organization/list"))).toHaveLength(0);
  });
});
