import { TokenService } from "./auth/token-service.js";
import { BookingMemory } from "./booking/booking-memory.js";
import { BookingtimeApi } from "./bookingtime/api.js";
import { BookingtimeClient } from "./bookingtime/client.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { redactUrl, type SecretRegistry } from "./secrets.js";
import { LookupCache } from "./tools/support/lookup-cache.js";
import { WritesInFlight } from "./tools/support/writes-in-flight.js";
import { createDispatcher, type LazyAgent } from "./upstream/http.js";

/**
 * The one owner of the long-lived parts a process shares across every MCP session: built at the
 * entry (or by a test), passed down, never reached through a module-level variable.
 */
export interface Runtime {
  tokens: TokenService;
  client: BookingtimeClient;
  /** Typed operations over `client`, with the organization time-zone cache. */
  api: BookingtimeApi;
  dispatcher: LazyAgent;
  /** book_appointment's idempotency memory, shared by every session of this process. */
  bookings: BookingMemory;
  /** What completions looked up lately (30 s), shared by every session. */
  lookups: LookupCache;
  /** Every secret the process holds, scrubbed from each log line and result; the logger's too. */
  secrets: SecretRegistry;
  /** Writes still running, audited as cut when a stop cannot wait for them. */
  writes: WritesInFlight;
  /** Waits for upstream requests in flight, then closes the pool. */
  close(): Promise<void>;
  /** Aborts upstream requests in flight: for after a drain deadline, when nobody awaits them. */
  destroy(): Promise<void>;
}

export type RuntimeConfig = Pick<
  Config,
  "apiUrl" | "authUrl" | "clientId" | "clientSecret" | "locale" | "timeoutMs"
>;

/** `secrets` is the registry the logger scrubs with: what the runtime learns, no line shows. */
export function createRuntime(
  config: RuntimeConfig,
  logger: Logger,
  secrets: SecretRegistry,
): Runtime {
  secrets.add(config.clientSecret);
  // Registers any password in the URLs, so no log line or result shows it.
  redactUrl(config.apiUrl, secrets);
  redactUrl(config.authUrl, secrets);
  const dispatcher = createDispatcher();
  const tokens = new TokenService({
    authUrl: config.authUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    dispatcher,
    timeoutMs: config.timeoutMs,
    logger,
    secrets,
  });
  const client = new BookingtimeClient({
    apiUrl: config.apiUrl,
    locale: config.locale,
    timeoutMs: config.timeoutMs,
    dispatcher,
    tokens,
    logger,
  });
  let destroyed = false;
  return {
    tokens,
    client,
    dispatcher,
    api: new BookingtimeApi(client),
    bookings: new BookingMemory(),
    lookups: new LookupCache(),
    secrets,
    writes: new WritesInFlight(),
    close: () => (destroyed ? Promise.resolve() : dispatcher.close()),
    destroy: () => {
      destroyed = true;
      return dispatcher.destroy();
    },
  };
}
