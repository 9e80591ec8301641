import type { SandboxClient } from "./fixtures.js";
import type { Shapes } from "./shapes.js";
import { listContent } from "./shapes.js";
import type { SandboxState } from "./state.js";
import { toShort } from "./sub-organizations.js";

/**
 * `GET /app/{appId}/organization/list`: the organizations the app is installed in. The sdk
 * shapes follow the SDK's mock (`app:organization_app_list` in bookingtime-endpoints.json): a
 * LIST without counts whose ORGANIZATION_SHORTs carry an empty `organizationList`. The default
 * shapes nest each organization's locations and count them, as `organization/list` does
 * (invented: no payload shows a non-empty one).
 */
export function appOrganizationsContent(
  state: SandboxState,
  client: SandboxClient,
  shapes: Shapes,
): object {
  const installed = (client.appOrganizations ?? []).flatMap((id) => state.organization(id) ?? []);
  if (shapes === "sdk") {
    return {
      class: "LIST",
      recordList: installed.map((o) => ({
        class: "ORGANIZATION_SHORT",
        id: o.id,
        customId: String(o.customId ?? ""),
        name: o.name,
        organizationList: [],
      })),
    };
  }
  return listContent(
    shapes,
    installed.map((o) => toShort(state, o)),
  );
}
