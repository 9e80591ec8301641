import { signState, verifyState } from "./request-state.js";
import { modernScope } from "./scope.js";

/** The key of the confirmation in inputRequests / inputResponses. */
export const CONFIRM_KEY = "confirm_change";

const SCHEMA = {
  type: "object",
  properties: { confirm: { type: "boolean", title: "Confirm", description: "Yes, go ahead" } },
  required: ["confirm"],
};

/**
 * A person's yes through a multi-round-trip request (MCP 2026-07-28): the first round answers
 * with an input request (elicitation) and a signed requestState; the client asks the user and
 * sends the same call again with the answer. Undefined outside a modern request, where the
 * handshake-era elicitation applies. "unsupported" when the client declared no elicitation, as
 * the revision forbids asking such a client.
 *
 * A round that asks returns "declined", so the tool changes nothing, and the scope answers the
 * InputRequiredResult in place of that tool result.
 */
export function confirmThroughInput(
  question: string,
  /** Who asks (the caller's id): an answer counts only for the caller it was asked of. */
  caller: string,
  now = Date.now(),
): "accepted" | "declined" | "unsupported" | undefined {
  const scope = modernScope();
  if (!scope) return undefined;
  const { request } = scope;
  if (!request.clientCapabilities.elicitation) return "unsupported";
  const claims = {
    caller,
    // The exact call and question: an answer given to another question does not count.
    subject: [request.method, request.params.name, request.params.arguments ?? {}, question],
  };
  const responses = request.params.inputResponses as Record<string, unknown> | undefined;
  const answer = responses?.[CONFIRM_KEY] as
    | { action?: unknown; content?: { confirm?: unknown } }
    | undefined;
  if (answer && verifyState(request.params.requestState, claims, now)) {
    return answer.action === "accept" && answer.content?.confirm === true ? "accepted" : "declined";
  }
  // No answer yet, or one for another question, another caller or an expired round: ask (again).
  scope.inputRequired = {
    inputRequests: {
      [CONFIRM_KEY]: {
        method: "elicitation/create",
        params: { mode: "form", message: question, requestedSchema: SCHEMA },
      },
    },
    requestState: signState(claims, now),
  };
  return "declined";
}
