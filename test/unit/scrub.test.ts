import { describe, expect, it } from "vitest";
import { scrub } from "../../src/bookingtime/scrub.js";

describe("scrub", () => {
  it("removes the exact secrets it is given", () => {
    expect(scrub("token sbxa_abc123 was refused", ["sbxa_abc123"])).toBe(
      "token [redacted] was refused",
    );
  });

  it("ignores secrets too short to be meaningful, so text is not shredded", () => {
    expect(scrub("a b c", ["a"])).toBe("a b c");
  });

  it("removes JWT-shaped strings and bearer credentials it was not told about", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    expect(scrub(`bad token ${jwt}.`)).toBe("bad token [redacted].");
    expect(scrub('header was "Bearer abc.def-123", sorry')).toBe(
      'header was "Bearer [redacted]", sorry',
    );
  });

  it("a bearer JWT or known secret is redacted once, with no stray bracket", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    expect(scrub(`token Bearer ${jwt} refused`)).toBe("token Bearer [redacted] refused");
    expect(scrub("Bearer sbxa_abc123] refused", ["sbxa_abc123"])).toBe(
      "Bearer [redacted]] refused",
    );
    expect(scrub("(Bearer sbxa_abc123)", ["sbxa_abc123"])).toBe("(Bearer [redacted])");
  });

  it("leaves ordinary messages alone", () => {
    const text = "firstName: This parameter is missing.";
    expect(scrub(text, ["secret-value"])).toBe(text);
  });
});
