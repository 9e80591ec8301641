import { TokenService } from "./auth/token-service.js";
import { type BookingMemory, bookingMemoryFor } from "./booking/booking-memory.js";
import { BookingtimeClient } from "./bookingtime/client.js";
import { createDispatcher, type LazyAgent } from "./bookingtime/http.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { liveSecrets, redactUrl } from "./secrets.js";

/** The long-lived parts one process shares across every MCP session. */
export interface Runtime {
  tokens: TokenService;
  client: BookingtimeClient;
  dispatcher: LazyAgent;
  /** book_appointment's idempotency memory, shared by every session of this process. */
  bookings: BookingMemory;
  /** Waits for upstream requests in flight, then closes the pool. */
  close(): Promise<void>;
  /** Aborts upstream requests in flight: for after a drain deadline, when nobody awaits them. */
  destroy(): Promise<void>;
}

export type RuntimeConfig = Pick<
  Config,
  "apiUrl" | "authUrl" | "clientId" | "clientSecret" | "locale" | "timeoutMs"
>;

export function createRuntime(config: RuntimeConfig, logger: Logger): Runtime {
  liveSecrets.add(config.clientSecret);
  // Registers any password in the URLs, so no log line or result shows it.
  redactUrl(config.apiUrl);
  redactUrl(config.authUrl);
  const dispatcher = createDispatcher();
  const tokens = new TokenService({
    authUrl: config.authUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    dispatcher,
    timeoutMs: config.timeoutMs,
    logger,
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
    bookings: bookingMemoryFor(client),
    close: () => (destroyed ? Promise.resolve() : dispatcher.close()),
    destroy: () => {
      destroyed = true;
      return dispatcher.destroy();
    },
  };
}
