import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { type UpstreamEvent, withCallScope } from "../../upstream/call-scope.js";
import type { ToolContext } from "../define.js";
import { withoutHiddenCharacters } from "./hidden-characters.js";

/** What the SDK hands a tool callback besides its arguments. */
export type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * A tool callback run inside its call's scope: the layers below follow the caller's
 * cancellation (notifications/cancelled, or the server closing under the call) until the call
 * sends a write. The SDK sends no answer for a cancelled request, result or error. What they
 * report on the way (retries, rate limits, renewals) goes to `watch`'s watcher for this call, and
 * the result leaves without hidden characters (support/hidden-characters.ts).
 */
export function inCallScope<A>(
  callback: (args: A, extra: CallExtra) => Promise<CallToolResult>,
  watch?: (extra: CallExtra) => (event: UpstreamEvent) => void,
): (args: A, extra: CallExtra) => Promise<CallToolResult> {
  return (args, extra) =>
    withCallScope({ signal: extra.signal, onEvent: watch?.(extra) }, () =>
      callback(args, extra).then(withoutHiddenCharacters),
    );
}

/**
 * ToolContext.progress for one call: notifications/progress when the request carries a
 * progressToken, else undefined (nothing is sent). Only increasing values up to the total go
 * out, whatever the tool reports.
 */
export function progressFor(extra: CallExtra): ToolContext["progress"] {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let sent = 0;
  return (done, total, message) => {
    if (!(done > sent && done <= total)) return;
    sent = done;
    // A client gone meanwhile is no reason to fail the call.
    extra
      .sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress: done, total, message },
      })
      .catch(() => {});
  };
}
