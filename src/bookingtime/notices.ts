import { AsyncLocalStorage } from "node:async_hooks";
import type { UpstreamMessage } from "./errors.js";

/**
 * Messages bookingtime put into successful answers that are not plain success (an error or
 * warning beside usable content): kept per tool call, so the tool's result can show every one.
 */
const calls = new AsyncLocalStorage<UpstreamMessage[]>();

export function noteMessages(messages: readonly UpstreamMessage[]): void {
  const notices = calls.getStore();
  if (!notices) return;
  for (const m of messages) {
    if (m.type === "success" || (m.text === "" && !m.parameter)) continue;
    if (!notices.some((n) => n.text === m.text && n.parameter === m.parameter)) notices.push(m);
  }
}

/** Runs one tool call and returns what bookingtime noted on the way. */
export async function withNotices<T>(
  run: () => Promise<T>,
): Promise<{ value: T; notices: UpstreamMessage[] }> {
  const notices: UpstreamMessage[] = [];
  const value = await calls.run(notices, run);
  return { value, notices };
}
