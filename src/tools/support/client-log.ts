import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { SecretRegistry } from "../../secrets.js";
import type { UpstreamEvent } from "../../upstream/call-scope.js";

/**
 * What the layers below a tool call report (retries, rate limits, renewed credentials, skipped
 * records) as MCP `notifications/message` to the client that made the call, scrubbed like every
 * other output. The SDK honours `logging/setLevel` per session; until a client sets a level,
 * everything we send goes out, and we never send anything below "info". Over stateless HTTP
 * they go out only on a call's SSE stream (src/http/one-shot.ts); JSON answers drop them.
 */
export function clientLogWatcher(
  server: McpServer,
  sessionId: string | undefined,
  secrets: SecretRegistry,
): (event: UpstreamEvent) => void {
  return (event) => {
    const params = {
      level: event.level,
      logger: "bookingtime",
      data: secrets.scrub(event.message),
    };
    // A client that left mid-call is no reason to fail the call.
    server.sendLoggingMessage(params, sessionId).catch(() => {});
  };
}
