import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

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
