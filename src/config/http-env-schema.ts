import { z } from "zod";
import { commaList, count, secureUrl, wholeNumber } from "./fields.js";

/** Read only with --http; kept apart so that stdio mode ignores a stray PORT or HOST. */
export const httpEnvSchema = z.object({
  PORT: wholeNumber(0, 65535, 3000, { whole: "PORT must be a port number between 0 and 65535" }),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  BOOKINGTIME_MCP_TOKENS: commaList(
    "BOOKINGTIME_MCP_TOKENS",
    /^[\x21-\x2b\x2d-\x7e]{1,512}$/,
    "tokens (printable characters, no spaces)",
  ).default([]),
  BOOKINGTIME_MCP_TOKEN_FILE: z.string().trim().min(1).optional(),
  BOOKINGTIME_MCP_ALLOWED_HOSTS: commaList(
    "BOOKINGTIME_MCP_ALLOWED_HOSTS",
    /^([a-z0-9_.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/,
    "host names, optionally with a port (mcp.example.com, mcp.example.com:8443)",
    true,
  ).default([]),
  BOOKINGTIME_MCP_ALLOWED_ORIGINS: commaList(
    "BOOKINGTIME_MCP_ALLOWED_ORIGINS",
    /^https?:\/\/([a-z0-9_.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i,
    "origins (https://app.example.com)",
  )
    .refine((origins) => origins.every((o) => URL.canParse(o)), {
      message: "BOOKINGTIME_MCP_ALLOWED_ORIGINS must be a comma-separated list of origins",
    })
    .transform((origins) => origins.map((o) => new URL(o).origin))
    .default([]),
  BOOKINGTIME_MCP_MAX_CONNECTIONS: count("BOOKINGTIME_MCP_MAX_CONNECTIONS", 16, 1_000_000, 1_000),
  BOOKINGTIME_MCP_MAX_REQUESTS: count("BOOKINGTIME_MCP_MAX_REQUESTS", 1, 100_000, 256),
  BOOKINGTIME_MCP_OAUTH_ISSUER: secureUrl("BOOKINGTIME_MCP_OAUTH_ISSUER").optional(),
  BOOKINGTIME_MCP_RESOURCE_URL: secureUrl("BOOKINGTIME_MCP_RESOURCE_URL").optional(),
  BOOKINGTIME_MCP_POLICY_FILE: z.string().trim().min(1).optional(),
});
