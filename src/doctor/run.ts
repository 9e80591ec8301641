import { Agent } from "undici";
import { TokenService } from "../auth/token-service.js";
import { BookingtimeApi } from "../bookingtime/api.js";
import { BookingtimeClient } from "../bookingtime/client.js";
import type { Logger } from "../logger.js";
import type { SecretRegistry } from "../secrets.js";
import type { Config, DoctorConfig } from "../settings/types.js";
import { diagnose } from "./diagnose.js";
import { parseJson, warningsOf } from "./messages.js";
import { Recorder } from "./record.js";
import { type DoctorContext, STEPS } from "./steps.js";
import { type TappedExchange, tap } from "./tap.js";

export type DoctorSettings = Pick<
  Config,
  "apiUrl" | "authUrl" | "clientId" | "clientSecret" | "locale" | "timeoutMs"
> &
  DoctorConfig;

/**
 * Walks the calls a booking needs, with the real credentials, through the product's own token
 * service and API client; writes one line per step to `write`. Only GETs and token POSTs are
 * sent. Resolves to the exit code: 0 when every step passed, 1 otherwise. `starting` hears of
 * each step before it runs ("step k of n"), for a status line while a slow one waits.
 */
export async function runDoctor(
  settings: DoctorSettings,
  logger: Logger,
  liveSecrets: SecretRegistry,
  write: (line: string) => void,
  starting?: (step: number, steps: number, name: string) => void,
): Promise<number> {
  // Names and messages come from bookingtime: no control character reaches the terminal.
  const print = (line: string) => write(line.replace(/\p{Cc}/gu, " "));
  const exchanges: TappedExchange[] = [];
  const secrets = secretsOf(settings, exchanges);
  const recorder = settings.recordDir
    ? await Recorder.open(settings.recordDir, () => secrets())
    : undefined;
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const dispatcher = tap(agent, exchanges);
  const tokens = new TokenService({ ...settings, dispatcher, logger, secrets: liveSecrets });
  const client = new BookingtimeClient({ ...settings, dispatcher, tokens, logger });
  const ctx: DoctorContext = {
    organizationId: settings.organizationId,
    tokens,
    api: new BookingtimeApi(client),
    now: Date.now,
    services: undefined,
  };
  print(
    `bookingtime-mcp doctor: organization ${settings.organizationId}, API ${shown(settings.apiUrl)}, auth ${shown(settings.authUrl)}`,
  );
  const passed = new Set<string>();
  try {
    for (const [index, step] of STEPS.entries()) {
      starting?.(index + 1, STEPS.length, step.name);
      const missing = step.needs.filter((name) => !passed.has(name));
      if (missing.length > 0) {
        print(`skip  ${step.name} (needs ${missing.join(", ")})`);
        continue;
      }
      const from = exchanges.length;
      const answers = () => exchanges.slice(from);
      const started = performance.now();
      let line: string;
      try {
        const facts = await step.run(ctx, answers);
        const ms = Math.round(performance.now() - started);
        const said = answers().flatMap((ex) => warningsOf(ex, secrets()));
        const warning =
          said.length > 0 ? `; bookingtime says: ${said.map((t) => `"${t}"`).join(", ")}` : "";
        line = `ok    ${step.name} (${facts}${warning}, ${ms} ms)`;
        passed.add(step.name);
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        const found = diagnose(step, error, answers(), {
          organizationId: settings.organizationId,
          secrets: secrets(),
        });
        line = `FAIL  ${step.name}: ${found.what} (${ms} ms). What to check: ${found.check}`;
      }
      const files = recorder
        ? await recorder.save(
            `${String(index + 1).padStart(2, "0")}-${step.file}`,
            step.name,
            answers(),
          )
        : [];
      print(files.length > 0 ? `${line} [saved ${files.join(", ")}]` : line);
    }
  } finally {
    await agent.close();
  }
  const failed = STEPS.length - passed.size;
  print(
    failed === 0
      ? "All steps passed: this app can look up services, free slots and customers in this organization."
      : `${failed} of ${STEPS.length} steps did not pass: bookings will not work until the first failure above is fixed.`,
  );
  return failed === 0 ? 0 : 1;
}

/** A URL without any user:password@ someone put into it. */
function shown(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.href.replace(/\/$/, "");
}

/**
 * The client secret and every token bookingtime handed out in this run: none may appear in a
 * line or a recorded file, even quoted back by a server.
 */
function secretsOf(
  settings: Pick<Config, "clientSecret">,
  exchanges: readonly TappedExchange[],
): () => readonly string[] {
  return () => {
    const out = settings.clientSecret === "" ? [] : [settings.clientSecret];
    for (const ex of exchanges) {
      // Token answers are small; API answers carry no token and need no parsing here.
      if (ex.method !== "POST" || ex.body.length > 16_384) continue;
      const body = parseJson(ex.body) as Record<string, unknown> | undefined;
      for (const key of ["access_token", "refresh_token"]) {
        const value = body?.[key];
        if (typeof value === "string" && value !== "") out.push(value);
      }
    }
    return out;
  };
}
