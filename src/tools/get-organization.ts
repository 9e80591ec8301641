import { z } from "zod";
import { effective } from "../booking/compact.js";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationIdInput } from "./support/common.js";
import { q } from "./support/quote.js";

// No echo of `view`: the caller chose it, and the summary names it when it is not the default.
const output = z.object({
  organization: z.looseObject({ id: z.string(), name: z.string() }),
});

export const getOrganization = defineTool({
  name: "get_organization",
  title: "Get organization",
  toolset: "organization",
  description: "Profile: address, contact, opening hours, time zone, currency, booking rules.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    view: z.enum(["compact", "full"]).default("compact").describe("'full': the raw API record"),
  }),
  output,
  annotations: READ_ONLY,
  async handler(args, ctx) {
    const organization = await ctx.api.showOrganization(ctx.organizationId(args.organizationId));
    const shaped =
      args.view === "full" ? organization : (effective(organization) as typeof organization);
    return {
      data: { organization: shaped },
      // The id is in the data; repeating it here would only cost context.
      summary:
        args.view === "full"
          ? `Organization ${q(organization.name)}, full API record.`
          : `Organization ${q(organization.name)}.`,
    };
  },
});
