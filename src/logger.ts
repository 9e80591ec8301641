import pino, { type DestinationStream, type Logger } from "pino";
import { LogDestination } from "./log-destination.js";
import type { SecretRegistry } from "./secrets.js";
import type { LogLevel } from "./settings/types.js";

export type { Logger };

const SECRET_KEYS = [
  "clientSecret",
  "client_secret",
  "secret",
  "refreshToken",
  "refresh_token",
  "accessToken",
  "access_token",
  "token",
  "authorization",
  "Authorization",
  "password",
];

/**
 * Secrets are never passed to the logger on purpose; these paths are the safety net for
 * an object that carries one by accident, at the top level or one or two levels down.
 */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/**
 * Logs go to fd 2, never stdout (in stdio mode stdout carries JSON-RPC). Lines are batched up
 * to 4 KB and written at least every second: one pipe write per tool call cost more than
 * everything else the server adds to a call. The last lines are flushed at exit, within a
 * short budget, and a reader that went away turns logging off (see LogDestination).
 */
export function createLogger(
  level: LogLevel,
  secrets: SecretRegistry,
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name: "bookingtime-mcp",
      level,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { pid: process.pid },
      // The finished line, whatever field (or error message) carries a secret the process holds.
      hooks: { streamWrite: (line) => secrets.scrub(line) },
    },
    destination ?? stderrDestination(),
  );
}

function stderrDestination(): LogDestination {
  // Setting up process.stderr also makes fd 2 non-blocking when it is a pipe or socket, so a
  // full pipe (a host that stopped reading) answers EAGAIN instead of blocking the thread; and
  // whatever writes to it directly must not crash on a reader that left.
  process.stderr.on("error", () => undefined);
  const destination = new LogDestination();
  process.once("exit", () => destination.flushSync());
  return destination;
}
