import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { formatMessages } from "../bookingtime/envelope.js";
import { BookingtimeError } from "../bookingtime/errors.js";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";
import type { ToolContext } from "../tools/define.js";
import { serviceView } from "../tools/list-services.js";

/** `bookingtime://organization/{id}/services`: the compact services list, as list_services gives it. */
export const servicesResource = {
  uriTemplate: "bookingtime://organization/{id}/services",
  name: "organization-services",
  title: "Services",
  description: "Bookable services of an organization: id, name, duration, price, staff.",
  mimeType: "application/json",
  async read(uri: URL, variables: Record<string, string | string[]>, ctx: ToolContext) {
    const raw = variables.id;
    const id = Array.isArray(raw) ? raw[0] : raw;
    if (!id || !ORGANIZATION_ID_PATTERN.test(id)) {
      throw new McpError(
        ErrorCode.InvalidParams,
        "The organization id must be 'f6' + 30 letters/digits.",
      );
    }
    try {
      const services = (await ctx.api.listBookingTemplates(id)).map(serviceView);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "application/json",
            text: JSON.stringify({ organizationId: id, services }),
          },
        ],
      };
    } catch (error) {
      if (!(error instanceof BookingtimeError)) throw error;
      const detail = [error.message, ...formatMessages(error.upstreamMessages)].join(" ");
      throw new McpError(ErrorCode.InternalError, detail);
    }
  },
};
