import { z } from "zod";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";

export const organizationIdInput = z
  .string()
  .regex(ORGANIZATION_ID_PATTERN, {
    error: "organizationId must be 'f6' followed by 30 letters or digits",
  })
  .optional()
  .describe(
    "Organization to act on ('f6' + 30 letters/digits), if the user names one. Omit to use the server's default organization.",
  );
