import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { withoutHiddenCharacters } from "../../src/tools/support/hidden-characters.js";

const TAG_A = String.fromCodePoint(0xe0041);

describe("withoutHiddenCharacters", () => {
  it("returns a clean result as it is (no copy)", () => {
    const result: CallToolResult = {
      content: [{ type: "text", text: 'Found "Ann" 👨‍👩‍👧' }],
      structuredContent: { name: "Ann" },
    };
    expect(withoutHiddenCharacters(result)).toBe(result);
  });

  it("removes tag, zero-width and bidi characters from text and structured data, keys too", () => {
    const result: CallToolResult = {
      content: [{ type: "text", text: `No customer matches "Q${TAG_A}\u202e\u200bx".` }],
      structuredContent: { [`q${TAG_A}`]: `a\u2066b\u200fc`, list: [`d\uFEFF`] },
      isError: true,
    };
    const clean = withoutHiddenCharacters(result);
    expect(clean.content).toEqual([{ type: "text", text: 'No customer matches "Qx".' }]);
    expect(clean.structuredContent).toEqual({ q: "abc", list: ["d"] });
    expect(clean.isError).toBe(true);
  });

  it("checks an error's structured data on its own: its text need not carry it", () => {
    const result: CallToolResult = {
      content: [{ type: "text", text: "Not booked." }],
      structuredContent: { wanted: `10:00${TAG_A}` },
      isError: true,
    };
    expect(withoutHiddenCharacters(result).structuredContent).toEqual({ wanted: "10:00" });
  });
});
