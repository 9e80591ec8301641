import { serviceView } from "../booking/service-view.js";
import { UserInputError } from "../bookingtime/errors.js";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";
import { defaultOrganization, type ResourceDefinition } from "./define.js";

/** `bookingtime://organization/{id}/services`: the compact services list, as list_services gives it. */
export const servicesResource: ResourceDefinition = {
  name: "organization-services",
  title: "Services",
  description: "Bookable services of an organization: id, name, duration, price, staff.",
  toolset: "services",
  uriTemplate: "bookingtime://organization/{id}/services",
  completions: { id: "organizations" },
  async list(ctx) {
    const id = defaultOrganization(ctx);
    if (id === undefined) return [];
    return [
      {
        uri: `bookingtime://organization/${id}/services`,
        name: "services",
        title: "Services of the default organization",
      },
    ];
  },
  async read({ id = "" }, ctx) {
    if (!ORGANIZATION_ID_PATTERN.test(id)) {
      throw new UserInputError(
        `'${id.slice(0, 40)}' is not an organization id ('f6' and 30 letters or digits).`,
      );
    }
    const services = (await ctx.api.listBookingTemplates(ctx.organizationId(id))).records.map(
      serviceView,
    );
    return { organizationId: id, services };
  },
};
