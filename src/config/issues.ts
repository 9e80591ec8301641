import type { z } from "zod";

/** One zod issue as a line naming the variable (or the flag that set it) and what to set. */
export function describeIssue(
  issue: z.core.$ZodIssue,
  flags: { "log-level"?: string | undefined },
): string {
  const variable = String(issue.path[0] ?? "configuration");
  const source =
    variable === "LOG_LEVEL" && flags["log-level"] !== undefined ? "--log-level" : variable;
  // Messages never echo the value: it may be a secret pasted into the wrong variable.
  return issue.message.startsWith(variable)
    ? issue.message.replace(variable, source)
    : `${source}: ${issue.message}`;
}
