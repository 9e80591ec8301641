import { z } from "zod";
import { BookingtimeError } from "../../bookingtime/errors.js";
import type { ToolContext } from "../define.js";

/** The server instructions say once what it means and when to send it. */
// Optional rather than default(false): the default would cost every tools/list a few bytes more.
export const confirmInput = z.boolean().optional().describe("user agreed");

/** The operator requires a person's yes (BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION) and none can be asked. */
export class HumanConfirmationRequiredError extends BookingtimeError {
  readonly kind = "confirmation_required";
}

export type Verdict = { go: true } | { go: false; reason: string };

/**
 * The one gate in front of every change to existing data. A person's answer through MCP
 * elicitation decides when the client can ask (a server request in the handshake era, an input
 * request of a multi-round-trip request in 2026-07-28). Otherwise `confirm: true` is accepted: it is the
 * model's word that it asked, not proof that a person agreed; an operator who needs that proof
 * sets BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION, and then such calls are refused.
 */
export async function confirmChange(
  ctx: ToolContext,
  confirmed: boolean | undefined,
  question: string,
  verb: string,
): Promise<Verdict> {
  const answer = ctx.confirm ? await ctx.confirm(question) : "unsupported";
  if (answer === "accepted") return { go: true };
  if (answer === "declined") return { go: false, reason: "the user did not confirm." };
  if (ctx.requireHumanConfirmation) {
    throw new HumanConfirmationRequiredError(
      `Not ${verb}: this server only makes this change after a person confirms it in the MCP client, and this client cannot ask (it does not support elicitation, or it connects over HTTP, where the server cannot ask before MCP 2026-07-28). confirm: true does not count here.`,
      {
        hint: "Tell the user to make this change in bookingtime directly, or to use an MCP client that supports elicitation (over stdio, or over HTTP with MCP 2026-07-28).",
      },
    );
  }
  if (!confirmed) {
    return {
      go: false,
      reason: "confirm is not true. Ask the user, then call again with confirm: true.",
    };
  }
  return { go: true };
}
