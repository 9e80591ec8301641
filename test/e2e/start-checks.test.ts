import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { NEEDED_NODE } from "../../src/node-version.js";
import { BIN, launchBinary, until } from "../helpers/binary.js";

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
});

function run(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const launched = launchBinary(args, env, nodeArgs);
  running.push(launched.child);
  return launched;
}

async function exitOf(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const started = run(args, env, nodeArgs);
  started.child.stdin?.end();
  const [code] = await once(started.child, "exit");
  return { code: code as number, stdout: started.stdout(), stderr: started.stderr() };
}

describe("starts only where it can work, and says why not", () => {
  it("on a Node older than it needs, exits 1 naming the version found and the one needed", async () => {
    // The entry reads process.versions.node before loading anything else; this plays Node 18.
    const fake = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"18.19.0"})`;
    const { code, stdout, stderr } = await exitOf(["--sandbox"], {}, ["--import", fake]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("18.19.0");
    expect(stderr).toContain(NEEDED_NODE);
  });

  // Needs an old node binary, which CI does not download: OLD_NODE=$(npx -y node@18 -p process.execPath).
  it.skipIf(!process.env.OLD_NODE)(
    "under a real old Node, exits 1 with the same message",
    async () => {
      const child = spawn(process.env.OLD_NODE ?? "node", [BIN, "--sandbox"], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: process.env.PATH ?? "" },
      });
      running.push(child);
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      const [code] = await once(child, "exit");
      expect(code).toBe(1);
      expect(stderr).toContain(`needs Node.js ${NEEDED_NODE} or newer`);
    },
  );

  it("keeps the entry loadable by old Node: no static import of the server in dist/index.js", () => {
    const entry = readFileSync(BIN, "utf8");
    const staticImports = [...entry.matchAll(/^import\s*(?:[^"'()]*from\s*)?["']([^"']+)["']/gm)];
    // Only Node's module helper (the bundle banner) and esbuild's runtime helpers chunk.
    for (const [, specifier] of staticImports) {
      if (specifier === "node:module") continue;
      const chunk = readFileSync(new URL(specifier ?? "", `file://${BIN}`), "utf8");
      expect(chunk.length).toBeLessThan(4_000);
    }
    expect(entry).toMatch(/import\(["']\.\/main-[A-Z0-9]+\.js["']\)/);
  });

  it("answers a stdin line that is not JSON with -32700 and a batch with an error, then goes on", async () => {
    const server = run(["--sandbox"], { LOG_LEVEL: "silent" });
    server.child.stdin?.write("hello?\n");
    server.child.stdin?.write('[{"jsonrpc":"2.0","id":1,"method":"ping"}]\n');
    server.child.stdin?.write('{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    const deadline = Date.now() + 15_000;
    while (
      server
        .stdout()
        .split("\n")
        .filter((l) => l !== "").length < 3
    ) {
      if (Date.now() > deadline) throw new Error(`no answers; stdout: ${server.stdout()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const answers = server
      .stdout()
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { id: unknown; error?: { code: number }; result?: unknown });
    expect(answers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32700 }) }),
        expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32600 }) }),
        expect.objectContaining({ id: 2, result: {} }),
      ]),
    );
  });

  it("on a busy port says which port and what to do, exit 2", async () => {
    const blocker = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await exitOf(["--http", "--sandbox", "--port", String(port)], {
        BOOKINGTIME_MCP_TOKENS: "a".repeat(40),
      });
      expect(code).toBe(2);
      expect(stderr).toContain(`Port ${port}`);
      expect(stderr).toContain("--port");
      expect(stderr).not.toContain("EADDRINUSE");
    } finally {
      blocker.close();
    }
  });

  it("refuses --port without --http, like --host", async () => {
    const { code, stderr } = await exitOf(["--sandbox", "--port", "3000"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--http");
  });

  it.each([
    ["a short token", "t1"],
    ["the example token from deploy/kubernetes.yaml", "replace-with-a-long-random-token"],
  ])("refuses to start with %s in BOOKINGTIME_MCP_TOKENS, exit 2", async (_, token) => {
    const { code, stderr } = await exitOf(["--http", "--sandbox", "--port", "0"], {
      BOOKINGTIME_MCP_TOKENS: token,
    });
    expect(code).toBe(2);
    expect(stderr).toContain("BOOKINGTIME_MCP_TOKENS");
    expect(stderr).not.toContain(token);
  });

  it("warns, naming the URL, when BOOKINGTIME_API_URL lacks /app/v3", async () => {
    const server = run([], {
      BOOKINGTIME_CLIENT_ID: "client",
      BOOKINGTIME_API_URL: "https://api.example.test",
    });
    await until(() => server.stderr().includes("/app/v3"), "the /app/v3 hint");
    expect(server.stderr()).toContain("https://api.example.test");
  });
});
