import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { HostGuard } from "../../src/http/guard.js";
import { DRAIN_GRACE_MS } from "../../src/http/serve.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const dockerfile = read("Dockerfile");
const kubernetes = read("deploy/kubernetes.yaml");

/** The JSON array after `CMD` (exec form), or the `args:` of the container. */
function jsonArray(text: string, prefix: RegExp): string[] {
  const match = new RegExp(`${prefix.source}\\s*(\\[.*\\])`, "m").exec(text);
  if (!match?.[1]) throw new Error(`no ${prefix.source} array found`);
  return JSON.parse(match[1]) as string[];
}

// These files cannot be built here (no container engine): at least hold them to the CLI.
describe("Dockerfile and deploy/kubernetes.yaml", () => {
  const cmd = jsonArray(dockerfile, /^CMD/);
  const args = jsonArray(kubernetes, /^\s+args:/);

  it("copy into the build stage every file the build script reads, and ignore none of them", () => {
    const pkg = JSON.parse(read("package.json")) as { scripts: { build: string } };
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      (m[1] ?? "").split(/\s+/),
    );
    const ignored = read(".dockerignore")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"));
    // The build script names its inputs: tsconfig files and the bundle script, which reads src/.
    const inputs = [...pkg.scripts.build.matchAll(/(tsconfig[\w.]*\.json|scripts\/[\w.]+)/g)].map(
      (m) => m[1] ?? "",
    );
    expect(inputs.length).toBeGreaterThan(1);
    // The bundle script's entry points: the server and the emulator package.
    const entries = [
      ...read("scripts/bundle.mjs").matchAll(/"((?:src|packages)\/[\w./-]+\.ts)"/g),
    ].map((m) => m[1] ?? "");
    expect(entries).toContain("packages/bookingtime-emulator/src/index.ts");
    for (const input of [...inputs, ...entries, "src", "package.json", "package-lock.json"]) {
      const top = input.split("/")[0] ?? input;
      expect(
        copied.some((c) => c === input || c === top),
        `${input} is not copied`,
      ).toBe(true);
      expect(ignored, `${input} is in .dockerignore`).not.toContain(top);
    }
  });

  it("start remote mode with the same command, which the CLI accepts given allowed hosts", () => {
    expect(cmd).toEqual(["node", "dist/index.js", "--http", "--host", "0.0.0.0"]);
    expect(args).toEqual(cmd);
    const hosts = /name: BOOKINGTIME_MCP_ALLOWED_HOSTS\s+value: "([^"]+)"/.exec(kubernetes)?.[1];
    const config = loadConfig(cmd.slice(2), {
      BOOKINGTIME_CLIENT_ID: "id",
      BOOKINGTIME_MCP_ALLOWED_HOSTS: hosts,
      PORT: "3000",
    });
    expect(config.http).toMatchObject({ host: "0.0.0.0", port: 3000 });
    expect(() => loadConfig(cmd.slice(2), { BOOKINGTIME_CLIENT_ID: "id" })).toThrow(
      /BOOKINGTIME_MCP_ALLOWED_HOSTS/,
    );
  });

  it("probe the endpoints the server has, on the port it listens on", () => {
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(dockerfile).toMatch(/EXPOSE 3000/);
    expect(kubernetes).toMatch(/livenessProbe:\s+httpGet:\s+path: \/healthz/);
    expect(kubernetes).toMatch(/readinessProbe:\s+httpGet:\s+path: \/readyz/);
    expect(kubernetes).toMatch(/containerPort: 3000/);
    expect(kubernetes).toMatch(/replicas: 2/);
  });

  it("stop a pod whose placeholder organization id was not replaced, naming the variable", () => {
    const organization = /name: BOOKINGTIME_ORGANIZATION_ID\s+value: "([^"]+)"/.exec(
      kubernetes,
    )?.[1];
    expect(organization).toMatch(/REPLACE/);
    expect(() =>
      loadConfig(args.slice(2), {
        BOOKINGTIME_CLIENT_ID: "id",
        BOOKINGTIME_MCP_ALLOWED_HOSTS: "mcp.example.com",
        BOOKINGTIME_ORGANIZATION_ID: organization,
      }),
    ).toThrow(/BOOKINGTIME_ORGANIZATION_ID must be an organization id/);
  });

  it("accept the Host of the documented client URLs: docker run on 127.0.0.1, port-forward", () => {
    const dockerHosts = /BOOKINGTIME_MCP_ALLOWED_HOSTS=(\S+)/.exec(dockerfile)?.[1];
    const k8sHosts = /name: BOOKINGTIME_MCP_ALLOWED_HOSTS\s+value: "([^"]+)"/.exec(kubernetes)?.[1];
    for (const [hosts, names] of [
      [dockerHosts, ["localhost:3000", "127.0.0.1:3000"]],
      [k8sHosts, ["localhost:3000", "bookingtime-mcp", "mcp.example.com"]],
    ] as const) {
      const config = loadConfig(cmd.slice(2), {
        BOOKINGTIME_CLIENT_ID: "id",
        BOOKINGTIME_MCP_ALLOWED_HOSTS: hosts,
      });
      const guard = new HostGuard({
        host: config.http?.host ?? "",
        port: 3000,
        allowedHosts: config.http?.allowedHosts ?? [],
        allowedOrigins: [],
      });
      for (const name of names) expect(guard.hostAllowed(name)).toBe(true);
    }
  });

  it("give the drain time to finish: preStop sleep, grace above sleep + drain, seccomp", () => {
    expect(kubernetes).toMatch(/preStop:\s+exec:\s+command: \["sleep", "5"\]/);
    // The runtime image must have the sleep binary the hook calls (Debian slim has coreutils).
    expect(dockerfile).toMatch(/^FROM node:\d+-bookworm-slim$/m);
    const grace = Number(/terminationGracePeriodSeconds: (\d+)/.exec(kubernetes)?.[1]);
    expect(grace * 1000).toBeGreaterThan(5_000 + DRAIN_GRACE_MS + 3_000);
    expect(kubernetes).toMatch(/seccompProfile:\s+type: RuntimeDefault/);
  });

  it("take credentials and MCP tokens from a Secret, under the variable names the CLI reads", () => {
    for (const name of [
      "BOOKINGTIME_CLIENT_ID",
      "BOOKINGTIME_CLIENT_SECRET",
      "BOOKINGTIME_MCP_TOKENS",
    ]) {
      expect(kubernetes).toMatch(new RegExp(`^\\s+${name}: "`, "m"));
    }
    expect(kubernetes).toMatch(/secretRef:\s+name: bookingtime-mcp/);
  });
});

/** The runtime stage: everything after the last FROM. */
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));

/** A free port on 127.0.0.1 (closed again before the server takes it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("the image's runtime stage: Node and the bundle only", () => {
  it("copies only package.json and the built dist/, installs nothing, runs as a non-root user", () => {
    expect(runtimeStage).not.toMatch(/npm (ci|install)/);
    expect(runtimeStage).not.toMatch(/node_modules\s+\.?\//);
    const copies = [...runtimeStage.matchAll(/^COPY (.+)$/gm)].map((m) => m[1]);
    expect(copies).toEqual(["package.json ./", "--from=build /app/dist ./dist"]);
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).not.toMatch(/^USER (root|0)\b/m);
  });

  it("is labelled with the OCI annotations and the MCP registry name of server.json", () => {
    const pkg = JSON.parse(read("package.json"));
    const server = JSON.parse(read("server.json"));
    const label = (key: string) =>
      new RegExp(`${key.replaceAll(".", "\\.")}="([^"]+)"`).exec(runtimeStage)?.[1];
    expect(label("io.modelcontextprotocol.server.name")).toBe(server.name);
    expect(label("io.modelcontextprotocol.server.name")).toBe(pkg.mcpName);
    expect(label("org.opencontainers.image.licenses")).toBe(pkg.license);
    expect(label("org.opencontainers.image.title")).toBe(pkg.name);
    expect(label("org.opencontainers.image.source")).toBe(server.repository.url);
    expect(/^ARG VERSION=(\S+)$/m.exec(runtimeStage)?.[1]).toBe(pkg.version);
  });

  it("finds, after npm run build, every file the Dockerfile copies", () => {
    for (const [, from, sources] of dockerfile.matchAll(/^COPY (--from=\S+ )?(.+) \S+$/gm)) {
      for (const source of (sources ?? "").split(/\s+/)) {
        // --from=build copies what the build stage made: /app/<path> there is <path> here.
        const path = from ? source.replace(/^\/app\//, "") : source;
        expect(existsSync(join(ROOT, path)), `${source} is missing`).toBe(true);
      }
    }
    expect(existsSync(join(ROOT, "dist", "index.js"))).toBe(true);
  });

  describe("dist/ and package.json alone in an empty directory, as in the image", () => {
    const app = mkdtempSync(join(tmpdir(), "bookingtime-mcp-image-"));
    cpSync(join(ROOT, "dist"), join(app, "dist"), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(app, "package.json"));
    const env = { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn" };
    let server: ChildProcess | undefined;
    afterAll(() => server?.kill("SIGTERM"));

    it("answers tools/list over stdio with --sandbox, with no node_modules anywhere above", async () => {
      expect(existsSync(join(app, "node_modules"))).toBe(false);
      expect(existsSync(join(tmpdir(), "node_modules"))).toBe(false);
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: ["dist/index.js", "--sandbox"],
        cwd: app,
        env,
        stderr: "pipe",
      });
      const client = new Client({ name: "image-layout", version: "1.0.0" });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toContain("book_appointment");
      } finally {
        await client.close();
      }
    });

    it("serves remote mode, and the image's HEALTHCHECK command reports it healthy", async () => {
      const port = await freePort();
      server = spawn(
        process.execPath,
        ["dist/index.js", "--http", "--host", "127.0.0.1", "--insecure-no-auth", "--sandbox"],
        { cwd: app, env: { ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] },
      );
      const probe = jsonArray(dockerfile, /^\s+CMD/);
      expect(probe.slice(0, 2)).toEqual(["node", "-e"]);
      const check = () =>
        promisify(execFile)(process.execPath, probe.slice(1), {
          env: { ...env, PORT: String(port) },
        }).then(
          () => true,
          () => false,
        );
      // Polled until the server listens: no deadline here beyond the test's own timeout.
      while (!(await check())) {
        if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  });
});
