import { z } from "zod";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";

export const organizationIdInput = z
  .string()
  .regex(ORGANIZATION_ID_PATTERN, {
    error: "organizationId must be 'f6' followed by 30 letters or digits",
  })
  .optional()
  .describe(
    "Organization to act on: an id from get_organization or the user. Omit to use the server's default organization.",
  );
