import { z } from "zod";
import type { UpstreamMessage } from "./errors.js";

const message = z
  .object({
    type: z.string().catch("unknown"),
    parameter: z.string().nullish(),
    text: z.string().catch(""),
  })
  .transform(
    (m): UpstreamMessage => ({ type: m.type, parameter: m.parameter ?? null, text: m.text }),
  );

/** Every bookingtime answer: `{messageList, content}`; either may be empty. */
export const envelopeSchema = z.object({
  messageList: z
    .array(message)
    .nullish()
    .transform((list) => list ?? []),
  content: z.unknown().optional(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** One line per message, `parameter: text`, as the model should read them. */
export function formatMessages(messages: readonly UpstreamMessage[]): string[] {
  return messages
    .filter((m) => m.text !== "" || m.parameter)
    .map((m) => (m.parameter ? `${m.parameter}: ${m.text}` : m.text));
}
