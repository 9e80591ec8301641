/** What a status line needs of a stream: process.stderr, or a test's stand-in. */
export interface StatusStream {
  isTTY?: boolean | undefined;
  write(text: string): unknown;
}

export interface StatusLine {
  /** Passed to runDoctor: shows "step k of n: name…" while the step runs. */
  show: ((step: number, steps: number, name: string) => void) | undefined;
  /** Before each report line: the status line makes room for it. */
  clear(): void;
}

const CLEAR = "\r\x1b[K";

/**
 * doctor's "step k of n" while a step runs, on a terminal's stderr only: overwritten in place and
 * cleared before each report line (stdout), so neither a pipe nor the report gets extra lines.
 */
export function statusLine(stream: StatusStream): StatusLine {
  if (!stream.isTTY) return { show: undefined, clear: () => undefined };
  let shown = false;
  return {
    show(step, steps, name) {
      stream.write(`${CLEAR}step ${step} of ${steps}: ${name}…`);
      shown = true;
    },
    clear() {
      if (shown) stream.write(CLEAR);
      shown = false;
    },
  };
}
