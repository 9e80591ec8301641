import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import { runDoctor } from "../../src/doctor/run.js";
import { statusLine } from "../../src/doctor/status-line.js";
import { STEPS } from "../../src/doctor/steps.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";
import { LogCapture } from "../helpers/log-capture.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start();
});
afterAll(() => sandbox.close());

/** doctor in-process against the emulator, with a terminal stand-in for stderr. */
async function doctor(tty: boolean) {
  const terminal: string[] = [];
  const status = statusLine({ isTTY: tty, write: (text: string) => terminal.push(text) });
  const report: string[] = [];
  const secrets = new SecretRegistry();
  const code = await runDoctor(
    {
      apiUrl: sandbox.apiUrl,
      authUrl: sandbox.authUrl,
      clientId: SANDBOX_DEFAULT_CLIENT.clientId,
      clientSecret: SANDBOX_DEFAULT_CLIENT.clientSecret,
      locale: "en",
      timeoutMs: 5_000,
      organizationId: SANDBOX_ORGANIZATIONS.acme,
      recordDir: undefined,
    },
    createLogger("warn", secrets, new LogCapture()),
    secrets,
    (line: string) => {
      status.clear();
      report.push(line);
      terminal.push(`${line}\n`);
    },
    status.show,
  );
  return { code, terminal, report };
}

describe("doctor's step k of n", () => {
  it("shows each step on a terminal while it runs, and clears it before the step's report line", async () => {
    const { code, terminal, report } = await doctor(true);
    expect(code).toBe(0);
    const shown = terminal.filter((t) => t.includes("step "));
    expect(shown).toEqual(
      STEPS.map((s, i) => `\r\x1b[Kstep ${i + 1} of ${STEPS.length}: ${s.name}…`),
    );
    // Each status is followed by its clearing, then the report line of that step.
    for (const [i, step] of STEPS.entries()) {
      const at = terminal.indexOf(shown[i] as string);
      expect(terminal[at + 1]).toBe("\r\x1b[K");
      expect(terminal[at + 2]).toMatch(new RegExp(`^ok +${step.name} `));
    }
    expect(report.some((line) => line.includes("step "))).toBe(false);
  });

  it("writes nothing more when stderr is not a terminal", async () => {
    const { code, terminal, report } = await doctor(false);
    expect(code).toBe(0);
    expect(terminal).toEqual(report.map((line) => `${line}\n`));
  });
});
