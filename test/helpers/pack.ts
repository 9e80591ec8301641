import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const run = promisify(execFile);

/**
 * PATH for spawned npm/npx/servers: the node running the tests first, so that a run under
 * `npx -y node@22` exercises Node 22 all the way down (shebangs resolve `node` through PATH).
 */
export function testPath(): string {
  return [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter);
}

export interface Packed {
  tarball: string;
  /** Bytes of the .tgz, and of the files it unpacks to. */
  size: number;
  unpackedSize: number;
  files: string[];
}

/**
 * `npm pack` of the current build into a fresh directory. --ignore-scripts: the prepack build has
 * already run (npm test builds first), and rebuilding dist/ under other running tests would break them.
 */
export async function packBuild(): Promise<Packed> {
  if (!existsSync(join(ROOT, "dist", "index.js"))) {
    throw new Error("dist/index.js is missing: run `npm run build` first");
  }
  const dir = mkdtempSync(join(tmpdir(), "bookingtime-mcp-pack-"));
  const { stdout } = await run(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", dir],
    { cwd: ROOT, env: { ...process.env, PATH: testPath() } },
  );
  const [info] = JSON.parse(stdout) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  if (!info) throw new Error(`npm pack printed no result: ${stdout}`);
  return {
    tarball: join(dir, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((f) => f.path),
  };
}

/** Bytes on disk under a directory (files only), as `du` would count what an install added. */
export function treeSize(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

/** The official SDK client on a command's stdio; it accepts every confirmation it is asked. */
export async function connectCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Client> {
  const transport = new StdioClientTransport({
    command,
    args,
    cwd: options.cwd,
    env: { PATH: testPath(), HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...options.env },
    stderr: "pipe",
  });
  const client = new Client(
    { name: "package-test", version: "1.0.0" },
    { capabilities: { elicitation: {} } },
  );
  client.setRequestHandler(ElicitRequestSchema, async () => ({
    action: "accept",
    content: { confirm: true },
  }));
  await client.connect(transport);
  return client;
}
