import { BookingStore } from "./booking-store.js";
import { SandboxClock } from "./clock.js";
import type { CustomerRecord } from "./customers.js";
import { FaultQueue } from "./faults.js";
import {
  type OrganizationRecord,
  type SandboxClient,
  SEED_ORGANIZATIONS,
  SUB_ORGANIZATIONS,
  seedCustomers,
} from "./fixtures.js";
import type { RecordedRequest } from "./http.js";
import type { IdentifyMiss, Shapes } from "./shapes.js";

import { TokenStore } from "./tokens.js";

/**
 * How many requests the log keeps: tests look at the last few, while a long-running
 * `--sandbox` server (demo, remote mode) would otherwise grow by one record per request forever.
 */
export const REQUEST_LOG_LIMIT = 1_000;

export interface SandboxStats {
  grants: number;
  exchanges: number;
  apiRequests: number;
}

/** Everything a running sandbox remembers. Collections are mutated in place so references handed out stay live. */
export class SandboxState {
  readonly clock = new SandboxClock();
  readonly stats: SandboxStats = { grants: 0, exchanges: 0, apiRequests: 0 };
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultQueue();
  readonly booking = new BookingStore();
  readonly tokens: TokenStore;
  readonly shapes: Shapes;
  readonly identifyMiss: IdentifyMiss;
  private readonly clients = new Map<string, SandboxClient>();
  private readonly organizations = new Map<string, OrganizationRecord>();
  private readonly customerLists = new Map<string, CustomerRecord[]>();
  private readonly seededCustomerIds = new Set<string>();

  constructor(options: {
    clients: SandboxClient[];
    accessTtlSec: number;
    refreshTtlSec: number;
    shapes?: Shapes;
    identifyMiss?: IdentifyMiss;
  }) {
    this.tokens = new TokenStore(this.clock, options.accessTtlSec, options.refreshTtlSec);
    this.shapes = options.shapes ?? "default";
    this.identifyMiss = options.identifyMiss ?? (this.shapes === "sdk" ? "message" : "404");
    for (const client of options.clients) {
      this.addClient(client);
    }
    this.seed();
  }

  /** Appends to the request log, dropping the oldest record beyond REQUEST_LOG_LIMIT. */
  recordRequest(record: RecordedRequest): void {
    // shift() on the front of a V8 array moves its start instead of copying the rest.
    if (this.requests.push(record) > REQUEST_LOG_LIMIT) this.requests.shift();
  }

  addClient(client: SandboxClient): void {
    // Copied so that later changes to the caller's object cannot silently widen access.
    this.clients.set(client.clientId, {
      ...client,
      organizations: [...client.organizations],
      ...(client.appOrganizations ? { appOrganizations: [...client.appOrganizations] } : {}),
    });
  }

  client(clientId: string): SandboxClient | undefined {
    return this.clients.get(clientId);
  }

  /** The app with this id, if a registered client has it. */
  clientByAppId(appId: string): SandboxClient | undefined {
    return [...this.clients.values()].find((c) => c.appId !== undefined && c.appId === appId);
  }

  organization(organizationId: string): OrganizationRecord | undefined {
    return this.organizations.get(organizationId);
  }

  customers(organizationId: string): readonly CustomerRecord[] {
    return this.customerLists.get(organizationId) ?? [];
  }

  /** Customers created through the API since the last reset, in creation order. */
  addedCustomers(organizationId: string): readonly CustomerRecord[] {
    return this.customers(organizationId).filter((c) => !this.seededCustomerIds.has(c.id));
  }

  /** The live record (edits go through it), or undefined. */
  customer(organizationId: string, customerId: string): CustomerRecord | undefined {
    return this.customers(organizationId).find((c) => c.id === customerId);
  }

  /** customIds are unique per organization in this sandbox; "" means none. */
  customerByCustomId(organizationId: string, customId: string): CustomerRecord | undefined {
    if (customId === "") return undefined;
    return this.customers(organizationId).find((c) => c.customId === customId);
  }

  subOrganizations(organizationId: string): readonly OrganizationRecord[] {
    return (SUB_ORGANIZATIONS[organizationId] ?? []).flatMap((id) => this.organization(id) ?? []);
  }

  addCustomer(customer: CustomerRecord): void {
    const list = this.customerLists.get(customer.organizationId) ?? [];
    list.push(customer);
    this.customerLists.set(customer.organizationId, list);
  }

  /** Back to the seed; registered clients are configuration, not state, and survive. */
  reset(): void {
    this.clock.reset();
    this.stats.grants = 0;
    this.stats.exchanges = 0;
    this.stats.apiRequests = 0;
    this.requests.length = 0;
    this.faults.clear();
    this.tokens.revokeAccessTokens();
    this.tokens.revokeRefreshTokens();
    this.seed();
  }

  private seed(): void {
    this.organizations.clear();
    this.customerLists.clear();
    this.seededCustomerIds.clear();
    this.booking.reset();
    for (const organization of SEED_ORGANIZATIONS) {
      this.organizations.set(organization.id, structuredClone(organization));
      for (const customer of seedCustomers(organization.id)) {
        this.seededCustomerIds.add(customer.id);
        this.addCustomer(customer);
      }
    }
  }
}
