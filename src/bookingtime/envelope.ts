import { z } from "zod";
import type { UpstreamMessage } from "./errors.js";
import { cleanDeep, cleanText, TEXT_LIMITS } from "./untrusted-text.js";

const message = z
  .object({
    type: z.string().catch("unknown"),
    parameter: z.string().nullish(),
    text: z.string().catch(""),
  })
  .transform(
    (m): UpstreamMessage => ({
      type: m.type,
      parameter: m.parameter == null ? null : cleanText(m.parameter, TEXT_LIMITS.short),
      // One line each: a message cannot start a line of its own in an error text or summary.
      text: cleanText(m.text, TEXT_LIMITS.long).replace(/\s*\n\s*/g, " "),
    }),
  );

/**
 * Every bookingtime answer: `{messageList, content}`; either may be empty. Every text in it is
 * cleaned here (untrusted-text.ts), the one place all of bookingtime's data passes through.
 */
export const envelopeSchema = z.object({
  messageList: z
    .array(message)
    .nullish()
    .transform((list) => list ?? []),
  content: z
    .unknown()
    .optional()
    .transform((content) => cleanDeep(content)),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** One line per message, `parameter: text`, as the model should read them. */
export function formatMessages(messages: readonly UpstreamMessage[]): string[] {
  return messages
    .filter((m) => m.text !== "" || m.parameter)
    .map((m) => (m.parameter ? `${m.parameter}: ${m.text}` : m.text));
}
