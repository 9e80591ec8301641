import { write as fsWrite, writeSync } from "node:fs";

/** The fs calls the destination makes; replaceable in tests to play a reader that went away. */
export interface LogFd {
  write(data: Buffer, done: (error: NodeJS.ErrnoException | null, written: number) => void): void;
  writeSync(data: Buffer): number;
}

export interface LogDestinationOptions {
  fd?: number;
  io?: LogFd;
  /** Buffered bytes that trigger a write. */
  minLength?: number;
  /** Buffered lines are written at least this often. */
  periodMs?: number;
  /** Beyond this many buffered bytes (a reader that stopped reading), new lines are dropped. */
  maxBuffered?: number;
  /** How long a flush at exit may wait for a full pipe before the rest is dropped. */
  syncBudgetMs?: number;
  /** The clock of that wait: the real one unless a test steps it. */
  clock?: SyncClock;
}

/** Time for the synchronous flush at exit: what it is now, and a blocking pause. */
export interface SyncClock {
  now(): number;
  sleep(ms: number): void;
}

/** A pipe that is full for now; any other error (EPIPE, EBADF, ...) means the reader is gone. */
const TRANSIENT = new Set(["EAGAIN", "EBUSY", "EINTR"]);

const REAL_CLOCK: SyncClock = {
  now: Date.now,
  sleep: (ms) => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms),
};

/**
 * Where log lines go (stderr): batched like pino's sonic-boom, but a reader that went away never
 * holds the process. sonic-boom retries a failed write forever, and at exit it does so
 * synchronously, so a host that quit without draining our stderr could not stop us. Here a fatal
 * error (EPIPE, EBADF) turns logging off for good, a full pipe drops lines beyond a bound, and the
 * flush at exit gives up after a short budget.
 */
export class LogDestination {
  private readonly fd: number;
  private readonly io: LogFd;
  private readonly minLength: number;
  private readonly maxBuffered: number;
  private readonly syncBudgetMs: number;
  private readonly clock: SyncClock;
  private pending: Buffer[] = [];
  private size = 0;
  private writing = false;
  private dropped = 0;
  private deadFlag = false;
  private readonly timer: NodeJS.Timeout;

  constructor(opts: LogDestinationOptions = {}) {
    this.fd = opts.fd ?? 2;
    this.io = opts.io ?? {
      write: (data, done) => fsWrite(this.fd, data, 0, data.length, null, done),
      writeSync: (data) => writeSync(this.fd, data),
    };
    this.minLength = opts.minLength ?? 4096;
    this.maxBuffered = opts.maxBuffered ?? 4 * 1024 * 1024;
    this.syncBudgetMs = opts.syncBudgetMs ?? 250;
    this.clock = opts.clock ?? REAL_CLOCK;
    this.timer = setInterval(() => this.flush(), opts.periodMs ?? 1000);
    this.timer.unref();
  }

  /** True once the reader is known to be gone; nothing is written after that. */
  get dead(): boolean {
    return this.deadFlag;
  }

  write(line: string): boolean {
    if (this.deadFlag) return true;
    if (this.size >= this.maxBuffered) {
      this.dropped++;
      return true;
    }
    const chunk = Buffer.from(line, "utf8");
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.minLength) this.flush();
    return true;
  }

  /** Starts writing what is buffered, unless a write is under way (it continues by itself). */
  flush(): void {
    if (this.writing || this.deadFlag || this.size === 0) return;
    const data = this.take();
    this.writing = true;
    this.io.write(data, (error, written) => {
      this.writing = false;
      if (error) {
        if (this.fatal(error)) return;
        // A full non-blocking pipe: try again a little later, keeping the order.
        this.unshift(data);
        setTimeout(() => this.flush(), 50).unref();
        return;
      }
      if (written < data.length) this.unshift(data.subarray(written));
      if (this.size >= this.minLength) this.flush();
    });
  }

  /**
   * Writes what is buffered before the process exits, within the time budget: a pipe that stays
   * full (a reader that stopped reading) costs at most that, and the rest is dropped.
   */
  flushSync(): void {
    if (this.deadFlag) return;
    const giveUpAt = this.clock.now() + this.syncBudgetMs;
    let data = this.take();
    while (data.length > 0 && !this.deadFlag) {
      try {
        data = data.subarray(this.io.writeSync(data));
      } catch (error) {
        if (this.fatal(error as NodeJS.ErrnoException)) return;
        if (this.clock.now() >= giveUpAt) return;
        this.clock.sleep(5);
      }
    }
  }

  /** Logging off for good: pending lines and the periodic flush are dropped. */
  close(): void {
    clearInterval(this.timer);
  }

  private take(): Buffer {
    const note =
      this.dropped > 0
        ? [
            Buffer.from(
              `{"level":40,"time":${Date.now()},"name":"bookingtime-mcp","msg":"${this.dropped} log lines dropped: nothing read stderr"}\n`,
            ),
          ]
        : [];
    this.dropped = 0;
    const data = Buffer.concat([...note, ...this.pending]);
    this.pending = [];
    this.size = 0;
    return data;
  }

  private unshift(data: Buffer): void {
    this.pending.unshift(data);
    this.size += data.length;
  }

  private fatal(error: NodeJS.ErrnoException): boolean {
    if (TRANSIENT.has(error.code ?? "")) return false;
    this.deadFlag = true;
    this.pending = [];
    this.size = 0;
    this.close();
    return true;
  }
}
