import { CustomerOperations } from "./api-customers.js";
import type { Records } from "./api-support.js";
import {
  type Organization,
  type OrganizationShort,
  organizationListSchema,
  organizationSchema,
} from "./schemas.js";

/** The organization endpoints (profile, locations, the app's organizations). */
export class OrganizationOperations extends CustomerOperations {
  async showOrganization(organizationId: string): Promise<Organization> {
    return this.read(organizationId, ["show"], organizationSchema);
  }

  /** Direct sub-organizations (locations); their own children are nested. */
  async listSubOrganizations(organizationId: string): Promise<Records<OrganizationShort>> {
    return this.readList(organizationId, ["organization", "list"], organizationListSchema);
  }

  /**
   * The organizations the app is installed in (`GET /app/{appId}/organization/list`, an
   * app-level token), children nested as in the sub-organization list. Not below an
   * organization, so not through `read`.
   */
  async listAppOrganizations(appId: string): Promise<Records<OrganizationShort>> {
    const res = await this.client.call({
      method: "GET",
      organizationId: "",
      appId,
      path: ["organization", "list"],
      content: organizationListSchema,
    });
    return { records: res.content.recordList, skipped: res.content.skipped };
  }
}
