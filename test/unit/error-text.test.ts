import { describe, expect, it } from "vitest";
import {
  ApiClientError,
  OrganizationAccessError,
  UserInputError,
} from "../../src/bookingtime/errors.js";
import { errorText } from "../../src/error-text.js";

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
