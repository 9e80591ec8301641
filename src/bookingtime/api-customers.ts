import { identifyMiss, type Written, written } from "./api-support.js";
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
} from "./schemas.js";

/** The customer endpoints; BookingtimeApi adds the others over the same client. */
export class CustomerOperations {
  constructor(protected readonly client: BookingtimeClient) {}

  async addCustomer(
    organizationId: string,
    customer: NewCustomer,
  ): Promise<Written<CustomerShort>> {
    return written(
      async () =>
        (
          await this.client.call({
            method: "POST",
            organizationId,
            path: ["customer", "add"],
            body: customer,
            content: customerShortSchema,
          })
        ).content,
      (id) =>
        id
          ? this.showCustomer(organizationId, id)
          : customer.customId
            ? this.findCustomerByCustomId(organizationId, customer.customId)
            : Promise.resolve(undefined),
    );
  }

  /** Every customer, 25 a page; `page` starts at 1. */
  async listCustomers(organizationId: string, page: number): Promise<CustomerPage> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path: ["customer", "index", String(page)],
      content: customerPageSchema,
    });
    return res.content;
  }

  /** Full-text search; `page` starts at 1. */
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

  /** The customer with this customId, or undefined however bookingtime says "none". */
  async findCustomerByCustomId(
    organizationId: string,
    customId: string,
  ): Promise<Customer | undefined> {
    try {
      return await this.identifyCustomer(organizationId, customId);
    } catch (error) {
      if (identifyMiss(error)) return undefined;
      throw error;
    }
  }

  /** By the caller's own customId; throws however bookingtime says "none" (see findCustomerByCustomId). */
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
  ): Promise<Written<Customer>> {
    return written(
      async () =>
        (
          await this.client.call({
            method: "PUT",
            organizationId,
            path: ["customer", customerId, "edit"],
            body: changes,
            content: customerSchema,
          })
        ).content,
      () => this.showCustomer(organizationId, customerId),
    );
  }
}
