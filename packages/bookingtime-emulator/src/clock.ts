/**
 * The sandbox's notion of "now". Tests move it to expire tokens or to date birthdays without waiting,
 * so nothing in the sandbox may read Date.now() directly.
 */
export interface SandboxClockControl {
  now(): number;
  advance(ms: number): void;
  set(epochMs: number): void;
  reset(): void;
}

export class SandboxClock implements SandboxClockControl {
  private offsetMs = 0;
  // set() freezes time so that assertions on exact instants cannot race real time.
  private frozenAtMs: number | undefined;

  now(): number {
    return this.frozenAtMs ?? Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    assertFinite(ms, "ms");
    if (this.frozenAtMs === undefined) {
      this.offsetMs += ms;
    } else {
      this.frozenAtMs += ms;
    }
  }

  set(epochMs: number): void {
    assertFinite(epochMs, "epochMs");
    this.frozenAtMs = epochMs;
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAtMs = undefined;
  }
}

function assertFinite(value: number, name: string): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number`);
  }
}
