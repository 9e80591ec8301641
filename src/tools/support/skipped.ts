import type { Skipped } from "../../bookingtime/schemas.js";
import { plain } from "./quote.js";

/**
 * Records bookingtime sent that did not fit, as a tool reports them: count and ids in the
 * result, one sentence in the text; the details are in the server log.
 */
export function skippedView(skipped: readonly Skipped[] | undefined): {
  data: { skipped?: { count: number; ids: string[] } };
  text: string;
} {
  if (!skipped || skipped.length === 0) return { data: {}, text: "" };
  const ids = skipped.flatMap((s) => (s.id === undefined ? [] : [s.id]));
  return {
    data: { skipped: { count: skipped.length, ids } },
    text: ` ${skipped.length} record(s) bookingtime sent could not be read and were left out${ids.length ? ` (${ids.map(plain).join(", ")})` : ""}; the server log has the details.`,
  };
}
