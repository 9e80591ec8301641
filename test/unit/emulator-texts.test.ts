import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { germanText } from "../../packages/bookingtime-emulator/src/messages-de.js";
import { languageOf } from "../../packages/bookingtime-emulator/src/shapes.js";

const SRC = new URL("../../packages/bookingtime-emulator/src/", import.meta.url);
// The token endpoint answers in OAuth's own error form (no locale in its path); faults send what
// a test asks for; the German table itself holds English keys.
const NOT_MESSAGE_LISTS = new Set(["oauth.ts", "faults.ts", "messages-de.ts"]);
const SAMPLES: Record<string, string[]> = {
  verb: ["mov", "cancel"],
  MAX_BODY_BYTES: ["1048576"],
  field: ["email", "mobile", "address"],
  limit: ["100", "5000"],
  maxLength: ["5000"],
};

/** Every sentence the emulator writes into a messageList, placeholders filled with real values. */
function emulatorTexts(): string[] {
  const texts = new Set<string>();
  for (const file of readdirSync(SRC).filter((f) => f.endsWith(".ts"))) {
    if (NOT_MESSAGE_LISTS.has(file)) continue;
    const source = readFileSync(new URL(file, SRC), "utf8");
    for (const [, text] of source.matchAll(/"([A-Z][^"]*\.)"/g)) texts.add(text ?? "");
    for (const [, template] of source.matchAll(/`([A-Z][^`]*\.)`/g)) {
      const name = /\$\{(\w+)\}/.exec(template ?? "")?.[1] ?? "";
      for (const value of SAMPLES[name] ?? []) {
        texts.add((template ?? "").replace(/\$\{\w+\}/, value));
      }
    }
  }
  return [...texts];
}

describe("emulator message texts", () => {
  const texts = emulatorTexts();

  it("finds the texts it checks", () => {
    expect(texts.length).toBeGreaterThan(50);
    expect(texts).toContain("Appointment successfully booked.");
    expect(texts).toContain("An appointment that has started cannot be canceled.");
  });

  it("has a German form for every one of them", () => {
    const untranslated = texts.filter((text) => germanText(text) === text);
    expect(untranslated).toEqual([]);
  });

  it("reads de, de_DE and de-AT as German, everything else as English", () => {
    expect(["de", "de_DE", "de-AT", "DE"].map(languageOf)).toEqual(["de", "de", "de", "de"]);
    expect(["en", "en_GB", "fr", "dk"].map(languageOf)).toEqual(["en", "en", "en", "en"]);
  });
});
