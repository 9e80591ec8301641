import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

export interface Launched {
  child: ChildProcess;
  /** Writes one JSON-RPC message as a line on the server's stdin. */
  send(message: object): void;
  stdout(): string;
  stderr(): string;
}

/**
 * The built binary with piped stdio and only PATH from this process's environment, so its
 * configuration comes from `env` alone. `nodeArgs` go to node before the script.
 */
export function launchBinary(
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  opts: { readStderr?: boolean } = {},
): Launched {
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  // Not reading plays a host that ignores the server's logs: the pipe fills and stays full.
  if (opts.readStderr !== false) {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
  }
  return {
    child,
    send: (message) => void child.stdin?.write(`${JSON.stringify(message)}\n`),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** Polls `check` until it holds; fails naming `what` after a generous while. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
