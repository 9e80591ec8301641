import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";

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
 * Logs go to fd 2 synchronously: in stdio mode stdout carries JSON-RPC, and a synchronous
 * write means the last lines before an exit are not lost.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      name: "bookingtime-mcp",
      level,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { pid: process.pid },
    },
    destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
