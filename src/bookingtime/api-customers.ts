import { unlessMissing, type Written } from "./api-support.js";
import { Operations } from "./operations.js";
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
export class CustomerOperations extends Operations {
  async addCustomer(
    organizationId: string,
    customer: NewCustomer,
  ): Promise<Written<CustomerShort>> {
    return this.write(
      {
        method: "POST",
        organizationId,
        path: ["customer", "add"],
        body: customer,
        content: customerShortSchema,
      },
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
    return this.read(organizationId, ["customer", "index", String(page)], customerPageSchema);
  }

  /** Full-text search; `page` starts at 1. */
  async filterCustomers(
    organizationId: string,
    query: string,
    page: number,
  ): Promise<CustomerPage> {
    return this.read(organizationId, ["customer", "filter", String(page)], customerPageSchema, {
      searchQuery: query,
    });
  }

  async showCustomer(organizationId: string, customerId: string): Promise<Customer> {
    return this.read(organizationId, ["customer", customerId, "show"], customerSchema);
  }

  /** The customer with this customId, or undefined however bookingtime says "none". */
  async findCustomerByCustomId(
    organizationId: string,
    customId: string,
  ): Promise<Customer | undefined> {
    return unlessMissing(this.identifyCustomer(organizationId, customId));
  }

  /** By the caller's own customId; throws however bookingtime says "none" (see findCustomerByCustomId). */
  async identifyCustomer(organizationId: string, customId: string): Promise<Customer> {
    return this.read(organizationId, ["customer", { value: customId }, "identify"], customerSchema);
  }

  async editCustomer(
    organizationId: string,
    customerId: string,
    changes: CustomerChanges,
  ): Promise<Written<Customer>> {
    return this.write(
      {
        method: "PUT",
        organizationId,
        path: ["customer", customerId, "edit"],
        body: changes,
        content: customerSchema,
      },
      () => this.showCustomer(organizationId, customerId),
    );
  }
}
