import type { AppointmentRow } from "./booking-store.js";
import { assertNonNegative, assertStatus, type FaultMatch, Gate } from "./faults.js";
import { SANDBOX_DEFAULT_CLIENT, type SandboxClient } from "./fixtures.js";
import type { RecordedRequest } from "./http.js";
import { SandboxServer } from "./server.js";
import { IDENTIFY_MISSES, type IdentifyMiss, SHAPES, type Shapes } from "./shapes.js";
import { SandboxState, type SandboxStats } from "./state.js";

export interface SandboxOptions {
  host?: string;
  port?: number;
  clients?: SandboxClient[];
  accessTokenTtlSec?: number;
  refreshTokenTtlSec?: number;
  /** Response shapes: "default" (this project's) or "sdk" (as in bookingtime's SDK mocks). */
  shapes?: Shapes;
  /** The answer to an identify that matches nothing; default "404", in sdk mode "message". */
  identifyMiss?: IdentifyMiss;
}

const DEFAULT_OVERSIZED_BYTES = 11 * 1024 * 1024;

/**
 * An in-process bookingtime look-alike (token endpoint + the App API routes this project uses), with
 * knobs for time, revocation and network faults so that client behaviour can be tested without the
 * real service.
 */
export class Sandbox {
  readonly url: string;
  readonly authUrl: string;
  readonly apiUrl: string;
  readonly clock: {
    now(): number;
    advance(ms: number): void;
    set(epochMs: number): void;
    reset(): void;
  };
  readonly stats: SandboxStats;
  readonly requests: RecordedRequest[];
  readonly shapes: Shapes;
  private readonly gates = new Set<Gate>();

  private constructor(
    private readonly state: SandboxState,
    private readonly server: SandboxServer,
    url: string,
  ) {
    this.url = url;
    this.authUrl = `${url}/oauth/token`;
    this.apiUrl = `${url}/app/v3`;
    const clock = state.clock;
    // Bound so that callers may pass the methods around detached.
    this.clock = {
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
      set: (epochMs) => clock.set(epochMs),
      reset: () => clock.reset(),
    };
    this.stats = state.stats;
    this.requests = state.requests;
    this.shapes = state.shapes;
  }

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const accessTtlSec = options.accessTokenTtlSec ?? 300;
    const refreshTtlSec = options.refreshTokenTtlSec ?? 2_592_000;
    for (const [name, value] of [
      ["accessTokenTtlSec", accessTtlSec],
      ["refreshTokenTtlSec", refreshTtlSec],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new RangeError(`${name} must be a positive integer`);
      }
    }
    if (options.shapes !== undefined && !SHAPES.includes(options.shapes)) {
      throw new RangeError(`shapes must be one of ${SHAPES.join(", ")}`);
    }
    if (options.identifyMiss !== undefined && !IDENTIFY_MISSES.includes(options.identifyMiss)) {
      throw new RangeError(`identifyMiss must be one of ${IDENTIFY_MISSES.join(", ")}`);
    }
    const state = new SandboxState({
      clients: options.clients ?? [SANDBOX_DEFAULT_CLIENT],
      accessTtlSec,
      refreshTtlSec,
      shapes: options.shapes,
      identifyMiss: options.identifyMiss,
    });
    const server = new SandboxServer(state);
    const host = options.host ?? "127.0.0.1";
    const address = await server.listen(options.port ?? 0, host);
    const urlHost = host.includes(":") ? `[${host}]` : host;
    return new Sandbox(state, server, `http://${urlHost}:${address.port}`);
  }

  addClient(client: SandboxClient): void {
    this.state.addClient(client);
  }

  failNext(opts: {
    status: number;
    times?: number;
    body?: unknown;
    headers?: Record<string, string>;
    match?: FaultMatch;
  }): void {
    assertStatus(opts.status);
    this.state.faults.add(
      { kind: "fail", status: opts.status, body: opts.body, headers: opts.headers },
      opts.times,
      opts.match,
    );
  }

  delayNext(opts: { ms: number; times?: number; match?: FaultMatch }): void {
    assertNonNegative(opts.ms, "ms");
    this.state.faults.add({ kind: "delay", ms: opts.ms }, opts.times, opts.match);
  }

  /**
   * Holds the next matching request until `release()`: no timer, so a test can act while a
   * request is known to be in flight (`reached`) and see whether the client gave up on it
   * (`abandoned`). close() releases every hold.
   */
  holdNext(opts: { match?: FaultMatch } = {}): Pick<Gate, "reached" | "abandoned" | "release"> {
    const gate = new Gate();
    this.gates.add(gate);
    this.state.faults.add({ kind: "hold", gate }, 1, opts.match);
    return gate;
  }

  hangNext(opts: { times?: number; match?: FaultMatch } = {}): void {
    this.state.faults.add({ kind: "hang" }, opts.times, opts.match);
  }

  dropNext(opts: { times?: number; match?: FaultMatch } = {}): void {
    this.state.faults.add({ kind: "drop" }, opts.times, opts.match);
  }

  /** The next matching request is carried out, but its answer is dropped or never sent. */
  loseAnswerNext(opts: { how?: "drop" | "hang"; times?: number; match?: FaultMatch } = {}): void {
    this.state.faults.add({ kind: "lose", how: opts.how ?? "drop" }, opts.times, opts.match);
  }

  malformedNext(
    opts: { status?: number; times?: number; match?: FaultMatch; body?: string } = {},
  ): void {
    const status = opts.status ?? 200;
    assertStatus(status);
    this.state.faults.add(
      { kind: "malformed", status, body: opts.body ?? "<html>Bad Gateway</html>" },
      opts.times,
      opts.match,
    );
  }

  oversizedNext(opts: { bytes?: number; times?: number; match?: FaultMatch } = {}): void {
    const bytes = opts.bytes ?? DEFAULT_OVERSIZED_BYTES;
    assertNonNegative(bytes, "bytes");
    this.state.faults.add({ kind: "oversized", bytes }, opts.times, opts.match);
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  revokeAccessTokens(): void {
    this.state.tokens.revokeAccessTokens();
  }

  revokeRefreshTokens(): void {
    this.state.tokens.revokeRefreshTokens();
  }

  /** A copy, so assertions cannot change what the sandbox stores. */
  customers(organizationId: string): ReadonlyArray<Record<string, unknown>> {
    return structuredClone(this.state.customers(organizationId));
  }

  /** Customers created through the API since the last reset (the seeded ones left out). */
  addedCustomers(organizationId: string): ReadonlyArray<Record<string, unknown>> {
    return structuredClone(this.state.addedCustomers(organizationId));
  }

  /** Appointments as stored (times in epoch ms), copied. */
  appointments(organizationId: string): AppointmentRow[] {
    return structuredClone(this.state.booking.appointments(organizationId));
  }

  /**
   * Overwrites fields of a stored customer without the API's checks, as bookingtime's own back
   * office or an import could: how tests plant hostile text (hidden characters, huge notes).
   */
  patchCustomer(organizationId: string, customerId: string, fields: Record<string, unknown>): void {
    const customer = this.state.customer(organizationId, customerId);
    if (!customer) throw new Error(`no customer ${customerId} in ${organizationId}`);
    Object.assign(customer, fields);
  }

  /** The same for an appointment's free-text fields. */
  patchAppointment(
    organizationId: string,
    appointmentId: string,
    fields: Partial<Pick<AppointmentRow, "notes" | "customId">>,
  ): void {
    const row = this.state.booking.appointment(organizationId, appointmentId);
    if (!row) throw new Error(`no appointment ${appointmentId} in ${organizationId}`);
    Object.assign(row, fields);
  }

  reset(): void {
    this.state.reset();
  }

  close(): Promise<void> {
    for (const gate of this.gates) gate.release();
    this.gates.clear();
    return this.server.close();
  }
}
