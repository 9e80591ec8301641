import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { HostGuard } from "../../src/http/guard.js";
import { DRAIN_GRACE_MS } from "../../src/http/serve.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
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
