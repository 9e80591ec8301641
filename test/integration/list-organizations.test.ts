import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness, textOf } from "../helpers/harness.js";

// biome-ignore lint/suspicious/noExplicitAny: structured results are inspected field by field
type Json = any;

const APP_ID = SANDBOX_DEFAULT_CLIENT.appId ?? "";
const { acme, globex, umbrella, initech } = SANDBOX_ORGANIZATIONS;
const ALTONA = "f6AcmeA1tonaAcmeA1tonaAcmeA1tona";

const ids = (r: { structuredContent?: unknown }) =>
  ((r.structuredContent as Json).organizations as Json[]).map((o) => o.id);

for (const shapes of ["default", "sdk"] as const) {
  describe(`list_organizations (${shapes} shapes)`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ shapes, appId: APP_ID });
    });
    afterAll(() => h.close());

    it("with BOOKINGTIME_APP_ID lists the organizations the app is installed in, through an app-level token", async () => {
      await h.reconnect({ shapes, appId: APP_ID });
      const result = await h.call("list_organizations");
      expect(result.isError).toBeFalsy();
      const data = result.structuredContent as Json;
      expect(data.source).toBe("app");
      expect(ids(result).slice(0, 1)).toEqual([acme]);
      expect(ids(result)).toEqual(expect.arrayContaining([acme, globex, umbrella]));
      expect(ids(result)).not.toContain(initech);
      if (shapes === "default") {
        // Locations nested in the answer come after their organization, with parentId.
        expect(data.organizations).toContainEqual(
          expect.objectContaining({ id: ALTONA, parentId: acme }),
        );
      }
      expect(data.total).toBe(data.organizations.length);
      expect(textOf(result)).toContain("the app is installed in");
      // The token request for it carried no organization_id; its path names the app.
      const listed = h.sandbox.requests.find((r) =>
        r.path.includes(`/app/${APP_ID}/organization/list`),
      );
      expect(listed?.status).toBe(200);
      expect(
        h.sandbox.requests.some(
          (r) => r.grantType === "refresh_token" && r.organizationId === undefined,
        ),
      ).toBe(true);
    });

    it("keeps only BOOKINGTIME_ALLOWED_ORGANIZATIONS", async () => {
      await h.reconnect({ shapes, appId: APP_ID, allowedOrganizations: [acme, umbrella] });
      const result = await h.call("list_organizations");
      expect(ids(result)).toEqual([acme, umbrella]);
    });

    it("searches and pages with a cursor", async () => {
      await h.reconnect({ shapes, appId: APP_ID });
      expect(ids(await h.call("list_organizations", { search: "glob" }))).toEqual([globex]);
      const all = ids(await h.call("list_organizations"));
      expect(ids(await h.call("list_organizations", { cursor: "1" }))).toEqual(all.slice(1));
      const bad = await h.call("list_organizations", { cursor: "next" });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toContain("cursor");
    });

    it("without BOOKINGTIME_APP_ID lists the default organization, with its name", async () => {
      await h.reconnect({ shapes });
      const result = await h.call("list_organizations");
      const data = result.structuredContent as Json;
      expect(data.source).toBe("configured");
      expect(data.organizations).toEqual([
        expect.objectContaining({ id: acme, name: expect.any(String) }),
      ]);
      expect(textOf(result)).toContain("BOOKINGTIME_APP_ID");
    });

    it("without BOOKINGTIME_APP_ID lists the allowed organizations too", async () => {
      await h.reconnect({ shapes, allowedOrganizations: [acme, globex] });
      const result = await h.call("list_organizations");
      expect(ids(result)).toEqual([acme, globex]);
      expect((result.structuredContent as Json).organizations[1].name).toEqual(expect.any(String));
    });

    it("an app id bookingtime does not know is an error naming BOOKINGTIME_APP_ID, with no token in it", async () => {
      await h.reconnect({ shapes, appId: "70UnknownAppUnknownAppUnknownApp" });
      const result = await h.call("list_organizations");
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toMatch(/What to do:.*BOOKINGTIME_APP_ID/);
      expect(text).not.toMatch(/sbx[ar]_/);
      expect(text).not.toContain(SANDBOX_DEFAULT_CLIENT.clientSecret);
    });
  });
}
