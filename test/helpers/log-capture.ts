import type { DestinationStream } from "pino";

/** A pino destination that keeps every line, for assertions on what was logged. */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = [];
  private readonly waiting = new Set<() => void>();
  write(line: string): void {
    this.lines.push(line);
    for (const check of this.waiting) check();
  }
  /**
   * The first entry from line `from` on (logged already or later) that `match` accepts: no
   * timers, no polling.
   */
  until(
    match: (entry: Record<string, unknown>) => boolean,
    from = 0,
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      let seen = from;
      const check = () => {
        for (; seen < this.lines.length; seen++) {
          const entry = JSON.parse(this.lines[seen] as string) as Record<string, unknown>;
          if (match(entry)) {
            this.waiting.delete(check);
            resolve(entry);
            return;
          }
        }
      };
      this.waiting.add(check);
      check();
    });
  }
  get text(): string {
    return this.lines.join("");
  }
  entries(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
