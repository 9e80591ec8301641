import type { RouteContext } from "./api.js";
import type { OrganizationRecord } from "./fixtures.js";
import { sendEnvelope } from "./http.js";
import { listContent } from "./shapes.js";

export function toShort(state: RouteContext["state"], organization: OrganizationRecord): object {
  // ORGANIZATION_SHORT as in the reference's organization_subOrganization_list mock.
  return {
    class: "ORGANIZATION_SHORT",
    id: organization.id,
    customId: organization.customId ?? "",
    name: organization.name,
    organizationList: state.subOrganizations(organization.id).map((o) => toShort(state, o)),
  };
}

/** Direct children, each with its own children nested in organizationList. */
export function listSubOrganizations({ ex, state, organization }: RouteContext): void {
  const recordList = state.subOrganizations(organization.id).map((o) => toShort(state, o));
  sendEnvelope(ex, 200, [], listContent(state.shapes, recordList));
}
