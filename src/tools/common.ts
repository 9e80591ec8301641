import { z } from "zod";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";

export const organizationIdInput = z
  .string()
  .regex(ORGANIZATION_ID_PATTERN, {
    error: "organizationId must be 'f6' followed by 30 letters or digits",
  })
  .optional()
  .describe("Organization (f6…); omit for the server's default");
