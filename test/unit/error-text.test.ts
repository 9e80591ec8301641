import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ApiClientError,
  ApiServerError,
  OrganizationAccessError,
  UserInputError,
} from "../../src/bookingtime/errors.js";
import { errorText } from "../../src/error-text.js";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

const ORG = `f6${"a".repeat(30)}`;

describe("errorText: the one voice for failures", () => {
  it("says what went wrong, bookingtime's messages under the tool's names, then what to do", () => {
    const error = new ApiClientError("bookingtime rejected the request (400).", {
      status: 400,
      upstreamMessages: [{ type: "error", parameter: "bookingSlotId", text: "is taken" }],
      hint: "Correct what the messages name, then call the tool again.",
    });
    expect(errorText(error).text.split("\n")).toEqual([
      "bookingtime rejected the request (400).",
      "- slotId: is taken",
      "What to do: Correct what the messages name, then call the tool again.",
    ]);
  });

  it("adds the other-organization advice to any 404, decided by status alone", () => {
    const error = new ApiClientError("bookingtime found nothing at that id (404).", {
      status: 404,
      hint: "Check the ids you passed.",
    });
    expect(errorText(error).text).toMatch(
      /What to do: Check the ids you passed\. Ids belong to one organization/,
    );
  });

  it("names the setting the default organization came from", () => {
    const error = new OrganizationAccessError(ORG, { status: 403 });
    expect(errorText(error).text).toContain("BOOKINGTIME_ORGANIZATION_ID");
    expect(errorText(error, "this request's header").text).toContain("this request's header");
  });

  it("writes no What to do line when the error has nothing to advise", () => {
    const { text, details } = errorText(new UserInputError("No such thing."));
    expect(text).toBe("No such thing.");
    expect(details).toBeUndefined();
  });
});

describe("lower layers carry facts, not advice", () => {
  it("the advice follows the cause code and its facts", () => {
    const read = new ApiServerError("bookingtime had an internal error (503).", {
      status: 503,
      code: "upstream_failed",
      repeatable: true,
    });
    const write = new ApiServerError("bookingtime had an internal error (503).", {
      status: 503,
      code: "upstream_failed",
      repeatable: false,
    });
    const limited = new ApiClientError("bookingtime is rate limiting this app (429).", {
      status: 429,
      code: "rate_limited",
      retryAfterMs: 1_000,
    });
    expect(errorText(read).text).toMatch(/What to do: Try again in a moment\.$/);
    expect(errorText(write).text).toMatch(/What to do: The change was not retried automatically/);
    expect(errorText(limited).text).toMatch(/What to do: Wait 1 second before trying again\.$/);
  });

  it.each(["upstream", "auth", "bookingtime"])("src/%s/ writes no hint for the model", (dir) => {
    const files = readdirSync(join(SRC, dir)).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const text = readFileSync(join(SRC, dir, file), "utf8");
      // Declaring the field in the base error is fine; setting one is the tool layer's job.
      expect(text.match(/^\s*hint:/gm), file).toBeNull();
    }
  });
});
