import { z } from "zod";
import { idInput, pageInput } from "../../booking/booking-inputs.js";
import { ORGANIZATION_ID_PATTERN } from "../../bookingtime/ids.js";

export const organizationIdInput = z
  .string()
  .regex(ORGANIZATION_ID_PATTERN, {
    error: "organizationId must be 'f6' followed by 30 letters or digits",
  })
  // Undescribed on purpose: it is on every tool, and the server instructions and list_locations
  // say once where it comes from and that omitting it means the default organization.
  .optional();

/** The input of a plain paged list of one organization's records. */
export const organizationPageInput = z.strictObject({
  organizationId: organizationIdInput,
  page: pageInput,
});

/** The appointment a tool reads or changes, by the id book_appointment or list_appointments gave. */
export const appointmentIdInput = idInput(
  "appointment",
  "appointmentId",
  "book_appointment/list_appointments",
);
