import { z } from "zod";
import { plain } from "../tools/support/quote.js";
import type { PromptDefinition, Today } from "./registry.js";

const args = {
  organizationId: z
    .string()
    .max(200)
    .optional()
    .describe("Organization or location id (f6…); the server's default when empty"),
  service: z.string().max(200).optional().describe("What to book, e.g. 'haircut'"),
  staff: z
    .string()
    .max(200)
    .optional()
    .describe("Who should serve, if the customer asked for someone"),
  when: z.string().max(200).optional().describe("When, e.g. 'next Tuesday afternoon'"),
  customer: z.string().max(200).optional().describe("Who, e.g. a name or an email address"),
};

function given(value: string | undefined, fallback: string): string {
  return value?.trim() ? `"${value.trim()}"` : fallback;
}

/** Walks the model through the four steps in the order that avoids booking a stale slot. */
export const bookAppointmentPrompt: PromptDefinition<typeof args> = {
  name: "book_appointment",
  title: "Book an appointment",
  description:
    "Step by step: pick the service, find a free slot, find or create the customer, book.",
  args,
  completions: { organizationId: "organizations", service: "services", staff: "staff" },
  toolsets: ["services", "customers", "appointments"],
  render({ organizationId, service, staff, when, customer }, today?: Today) {
    return [
      ...(today
        ? [
            `Today is ${today.weekday} ${today.date} in the organization's time zone (${plain(today.timeZone)}); ` +
              "resolve relative dates such as 'next Tuesday' from it.",
          ]
        : []),
      `Book an appointment for ${given(customer, "the customer (ask who)")}: service ${given(service, "(ask which)")}, ` +
        `time ${given(when, "(ask when)")}${staff?.trim() ? `, with ${given(staff, "")}` : ""}.`,
      ...(organizationId?.trim()
        ? [`Pass organizationId ${given(organizationId, "")} to every tool call.`]
        : []),
      "",
      "1. Service: call list_services and pick the service (id fc...) that matches; if several could, ask.",
      "2. Customer: call find_customers with the name or email. If exactly one matches, use its id (d3...); " +
        "if several, ask which; if none, confirm the details with the user and call add_customer " +
        "(pass a customId if the user has one, so a retry cannot create a duplicate).",
      "3. Time: call find_free_slots for the service over the requested dates (times are in the organization's " +
        'time zone; "09:00 J M" means J and M are free at 09:00). Offer the user up to three times and let them choose.',
      "4. Book: call book_appointment with serviceId, date, start (HH:MM), the staff key if the user chose a person, " +
        "and the customer id. If the time was taken meanwhile, nothing is booked and the result lists the nearest " +
        "free times: offer those.",
      "Finally confirm the date, time with its time zone, service and customer in one sentence.",
    ].join("\n");
  },
};
