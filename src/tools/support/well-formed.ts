import { z } from "zod";

/**
 * A lone UTF-16 surrogate cannot be encoded into a URL or UTF-8 body without loss (encodeURI
 * throws), so it is refused with the field named before any tool schema or request sees it.
 * One walk over the arguments covers every string parameter of every tool, nested ones too.
 */
// In unicode mode a paired surrogate is one astral code point, so only lone halves match.
const LONE_SURROGATE = /\p{Surrogate}/u;

export function illFormedStrings(args: unknown): z.ZodError | undefined {
  const issues: z.core.$ZodIssue[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) {
        issues.push({
          code: "custom",
          path,
          input: undefined,
          message:
            "must be well-formed text: it contains a lone UTF-16 surrogate (broken character)",
        });
      }
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, [...path, i]);
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    }
  };
  walk(args, []);
  return issues.length > 0 ? new z.ZodError(issues) : undefined;
}
