import type { BookingtimeClient } from "./client.js";
import {
  type CustomerShort,
  customerShortSchema,
  type NewCustomer,
  type Organization,
  organizationSchema,
} from "./schemas.js";

/** Typed bookingtime operations, one per endpoint the tools use. */
export class BookingtimeApi {
  constructor(private readonly client: BookingtimeClient) {}

  async showOrganization(organizationId: string): Promise<Organization> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["show"],
      content: organizationSchema,
    });
    return res.content;
  }

  async addCustomer(organizationId: string, customer: NewCustomer): Promise<CustomerShort> {
    const res = await this.client.call({
      method: "POST",
      organizationId,
      path: ["customer", "add"],
      body: customer,
      content: customerShortSchema,
    });
    return res.content;
  }
}
