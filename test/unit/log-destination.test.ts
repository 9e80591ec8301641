import { describe, expect, it } from "vitest";
import { LogDestination, type LogFd } from "../../src/log-destination.js";

const errno = (code: string) => Object.assign(new Error(code), { code });

/** A stderr whose behaviour the test decides: accept, fail with a code, or stay full. */
class FakeFd implements LogFd {
  written: string[] = [];
  asyncCalls = 0;
  syncCalls = 0;
  fail: string | undefined;
  write(data: Buffer, done: (error: NodeJS.ErrnoException | null, written: number) => void): void {
    this.asyncCalls++;
    const code = this.fail;
    queueMicrotask(() => {
      if (code) return done(errno(code), 0);
      this.written.push(data.toString());
      done(null, data.length);
    });
  }
  writeSync(data: Buffer): number {
    this.syncCalls++;
    if (this.fail) throw errno(this.fail);
    this.written.push(data.toString());
    return data.length;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("LogDestination (stderr)", () => {
  it("batches lines and writes them once the batch is full, or at exit", async () => {
    const fd = new FakeFd();
    const dest = new LogDestination({ io: fd, minLength: 20 });
    dest.write("one\n");
    dest.write("two\n");
    await settle();
    expect(fd.asyncCalls).toBe(0);
    dest.write("a line of twenty bytes\n");
    await settle();
    expect(fd.written).toEqual(["one\ntwo\na line of twenty bytes\n"]);
    dest.write("last\n");
    dest.flushSync();
    expect(fd.written.at(-1)).toBe("last\n");
    dest.close();
  });

  it.each(["EPIPE", "EBADF"])(
    "stops logging for good once the reader is gone (%s), and never retries",
    async (code) => {
      const fd = new FakeFd();
      const dest = new LogDestination({ io: fd, minLength: 1 });
      fd.fail = code;
      dest.write("lost\n");
      await settle();
      expect(dest.dead).toBe(true);
      const calls = fd.asyncCalls + fd.syncCalls;
      for (let i = 0; i < 100; i++) dest.write(`more ${i}\n`);
      dest.flush();
      dest.flushSync();
      await settle();
      expect(fd.asyncCalls + fd.syncCalls).toBe(calls);
    },
  );

  it("the flush at exit returns though the pipe stays full, dropping the rest", () => {
    const fd = new FakeFd();
    // A stepped clock: each pause between attempts takes exactly its 5 ms, however busy the machine.
    let now = 0;
    const clock = {
      now: () => now,
      sleep: (ms: number) => {
        now += ms;
      },
    };
    const dest = new LogDestination({ io: fd, syncBudgetMs: 20, clock });
    dest.write("stuck\n");
    fd.fail = "EAGAIN";
    dest.flushSync();
    // Tried at 0, 5, 10, 15 and 20 ms; then the budget is spent.
    expect(fd.syncCalls).toBe(5);
    expect(now).toBe(20);
    expect(fd.written).toEqual([]);
    dest.close();
  });

  it("keeps at most maxBuffered bytes while the pipe is full, and says how many lines it dropped", async () => {
    const fd = new FakeFd();
    const dest = new LogDestination({ io: fd, minLength: 1_000_000, maxBuffered: 10 });
    for (let i = 0; i < 5; i++) dest.write("0123456789\n");
    dest.flushSync();
    expect(fd.written.join("")).toContain("4 log lines dropped");
    expect(fd.written.join("").match(/0123456789/g)).toHaveLength(1);
    dest.close();
  });
});
