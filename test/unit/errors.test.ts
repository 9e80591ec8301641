import { describe, expect, it } from "vitest";
import { TokenRequestsLimitedError } from "../../src/auth/organization-guard.js";
import {
  ApiClientError,
  ApiServerError,
  AuthError,
  BookingtimeError,
  OrganizationAccessError,
  UnusableContentError,
  UpstreamUnavailableError,
  UserInputError,
} from "../../src/bookingtime/errors.js";

describe("the error classes", () => {
  it("carry their own class name (for logs) and their kind", () => {
    const errors: [BookingtimeError, string, string][] = [
      [new AuthError("x"), "AuthError", "auth"],
      [new OrganizationAccessError("f6x"), "OrganizationAccessError", "organization_access"],
      [new ApiClientError("x"), "ApiClientError", "api_client"],
      [new ApiServerError("x"), "ApiServerError", "api_server"],
      [new UpstreamUnavailableError("x"), "UpstreamUnavailableError", "upstream_unavailable"],
      [new UserInputError("x"), "UserInputError", "user_input"],
      [new UnusableContentError(200, null, []), "UnusableContentError", "api_server"],
    ];
    for (const [error, name, kind] of errors) {
      expect(error).toBeInstanceOf(BookingtimeError);
      expect(error).toBeInstanceOf(Error);
      expect([error.name, error.kind]).toEqual([name, kind]);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    }
    expect(new UnusableContentError(200, null, [])).toBeInstanceOf(ApiServerError);
    expect(TokenRequestsLimitedError.name).toBe("TokenRequestsLimitedError");
  });
});
