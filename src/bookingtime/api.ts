import type { BookingtimeClient } from "./client.js";
import {
  type Customer,
  type CustomerChanges,
  type CustomerPage,
  type CustomerShort,
  customerPageSchema,
  customerSchema,
  customerShortSchema,
  type NewCustomer,
  type Organization,
  type OrganizationShort,
  organizationListSchema,
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

  // --- customers and locations (issue 3, part 2) ---

  /** Full-text search; `page` starts at 1. An empty query lists every customer. */
  async filterCustomers(
    organizationId: string,
    query: string,
    page: number,
  ): Promise<CustomerPage> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", "filter", String(page)],
      query: { searchQuery: query },
      content: customerPageSchema,
    });
    return res.content;
  }

  async showCustomer(organizationId: string, customerId: string): Promise<Customer> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", customerId, "show"],
      content: customerSchema,
    });
    return res.content;
  }

  /** By the caller's own customId; answers 404 (ApiClientError) when none has it. */
  async identifyCustomer(organizationId: string, customId: string): Promise<Customer> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", { value: customId }, "identify"],
      content: customerSchema,
    });
    return res.content;
  }

  async editCustomer(
    organizationId: string,
    customerId: string,
    changes: CustomerChanges,
  ): Promise<Customer> {
    const res = await this.client.call({
      method: "PUT",
      organizationId,
      path: ["customer", customerId, "edit"],
      body: changes,
      content: customerSchema,
    });
    return res.content;
  }

  /** Direct sub-organizations (locations); their own children are nested. */
  async listSubOrganizations(organizationId: string): Promise<OrganizationShort[]> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["organization", "list"],
      content: organizationListSchema,
    });
    return res.content.recordList;
  }
}
