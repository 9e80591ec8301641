import { describe, expect, it } from "vitest";
import { AuthError, UpstreamUnavailableError } from "../../src/bookingtime/errors.js";
import { UnknownTimeZoneError } from "../../src/bookingtime/zone.js";
import { diagnose, fieldPath } from "../../src/doctor/diagnose.js";
import { DoctorProblem, STEPS, type Step } from "../../src/doctor/steps.js";
import type { TappedExchange } from "../../src/doctor/tap.js";

const ORG = "f6123456789101112131415aBCdeFgHi";
const ctx = { organizationId: ORG, secrets: ["sekret-value"] };

function step(name: string): Step {
  const found = STEPS.find((s) => s.name === name);
  if (!found) throw new Error(name);
  return found;
}

function answer(status: number, body: unknown): TappedExchange {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { method: "GET", path: "/x", status, body: Buffer.from(text) };
}

describe("diagnose", () => {
  it("names the field of a 2xx answer that does not fit, as a path into the recorded file", () => {
    const found = diagnose(
      step("services"),
      new Error("shape"),
      [answer(200, { messageList: [], content: { recordList: "nope" } })],
      ctx,
    );
    expect(found.what).toMatch(/^HTTP 200; unexpected shape at content\.recordList \(/);
    expect(found.check).toContain("--record");
  });

  it("reads a bare record without an envelope like the client does", () => {
    const found = diagnose(step("organization"), new Error("shape"), [answer(200, { id: 5 })], ctx);
    expect(found.what).toMatch(/unexpected shape at id /);
  });

  it("a conclusion drawn from good answers cites no HTTP status, least of all another request's", () => {
    const found = diagnose(
      step("slots"),
      new UnknownTimeZoneError("free-slot list"),
      [answer(200, { messageList: [], content: { id: "f6", name: "Org" } })],
      ctx,
    );
    expect(found.what).not.toMatch(/HTTP|unexpected shape/);
    expect(found.what).toMatch(
      /^bookingtime named no time zone for this organization: .*free-slot list\./,
    );
    expect(found.what).toContain("every request of this step succeeded");
    expect(found.check).toContain("time zone in bookingtime's organization settings");
  });

  it("says when a 2xx body is not JSON", () => {
    const found = diagnose(step("staff"), new Error("x"), [answer(200, "<html>")], ctx);
    expect(found.what).toBe("HTTP 200; the body is not JSON");
    expect(found.check).toContain("BOOKINGTIME_API_URL");
  });

  it("quotes every message bookingtime sent, scrubbed, with status-specific advice", () => {
    const found = diagnose(
      step("exchange"),
      new AuthError("x"),
      [answer(403, { error: "access_denied", error_description: "no sekret-value here" })],
      ctx,
    );
    expect(found.what).toBe('HTTP 403; bookingtime says: "access_denied: no [redacted] here"');
    expect(found.check).toContain(`not installed in (not permitted for) organization ${ORG}`);
    const api = diagnose(
      step("staff"),
      new Error("x"),
      [answer(403, { messageList: [{ type: "error", parameter: "p", text: "Verboten" }] })],
      ctx,
    );
    expect(api.what).toBe('HTTP 403; bookingtime says: "p: Verboten"');
    expect(api.check).toContain("bookingResource-list");
  });

  it("points at the URL setting when no answer arrived", () => {
    const error = new UpstreamUnavailableError(
      "bookingtime's token endpoint could not be reached.",
    );
    const found = diagnose(step("grant"), error, [], ctx);
    expect(found.what).toBe("no answer: bookingtime's token endpoint could not be reached.");
    expect(found.check).toContain("BOOKINGTIME_AUTH_URL");
  });

  it("passes a finding through as it is", () => {
    const found = diagnose(step("services"), new DoctorProblem("none", "add one"), [], ctx);
    expect(found).toEqual({ what: "none", check: "add one" });
  });

  it("writes paths the way a person finds them in JSON", () => {
    expect(fieldPath(["content", "recordList", 2, "duration"])).toBe(
      "content.recordList[2].duration",
    );
    expect(fieldPath([])).toBe("(the whole answer)");
  });
});
