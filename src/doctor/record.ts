import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { scrub } from "../bookingtime/scrub.js";
import { ConfigError } from "../settings/types.js";
import { VERSION } from "../version.js";
import { maskPayload } from "./mask.js";
import type { TappedExchange } from "./tap.js";

/** Saves each answer of a doctor run as one JSON file, ready to become a contract fixture. */
export class Recorder {
  private readonly written = new Set<string>();

  private constructor(
    private readonly dir: string,
    private readonly secrets: () => readonly string[],
  ) {}

  /** Creates the directory (0700 when new); a directory that cannot be made is a setting to fix. */
  static async open(dir: string, secrets: () => readonly string[]): Promise<Recorder> {
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new ConfigError(
        `--record ${dir}: the directory cannot be created (${(error as NodeJS.ErrnoException).code ?? "error"}). Pass a directory you can write to.`,
      );
    }
    return new Recorder(dir, secrets);
  }

  /**
   * One file per distinct request of a step (`03-organization-show.json`, then `-2`, `-3`);
   * a request repeated by a retry keeps only its last answer, a read asked again by a later
   * step is not saved twice.
   * Returns the file names written.
   */
  async save(
    prefix: string,
    step: string,
    exchanges: readonly TappedExchange[],
  ): Promise<string[]> {
    const last = new Map<string, TappedExchange>();
    for (const ex of exchanges) {
      if (ex.status !== 0) last.set(`${ex.method} ${ex.path}`, ex);
    }
    const names: string[] = [];
    for (const [key, ex] of last) {
      // A read asked again by a later step is the same answer; token POSTs differ by their form.
      if (ex.method === "GET" && this.written.has(key)) continue;
      this.written.add(key);
      const name = `${prefix}${names.length === 0 ? "" : `-${names.length + 1}`}.json`;
      const file = join(this.dir, name);
      await writeFile(file, this.render(step, ex), { mode: 0o600 });
      // mode applies only to a new file; an older file of the same name gets it too.
      await chmod(file, 0o600);
      names.push(name);
    }
    return names;
  }

  private render(step: string, ex: TappedExchange): string {
    const secrets = this.secrets();
    const text = ex.body.toString("utf8");
    let payload: Record<string, unknown>;
    try {
      payload = { envelope: maskPayload(JSON.parse(text), secrets) };
    } catch {
      // Not JSON (a proxy's error page): kept as text, shortened, without tokens.
      payload = { body: scrub(text.slice(0, 4096), secrets) };
    }
    const record = {
      source: `bookingtime-mcp doctor ${VERSION}`,
      recordedAt: new Date().toISOString(),
      step,
      method: ex.method,
      path: ex.path,
      status: ex.status,
      ...payload,
    };
    // Last line of defence: no known secret survives in the file, whatever its position.
    return `${scrub(JSON.stringify(record, null, 2), secrets)}\n`;
  }
}
