import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCommand, ROOT, run, testPath } from "../helpers/pack.js";

const CLI = join(ROOT, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");
const mcpb = (...args: string[]) =>
  run(process.execPath, [CLI, ...args], { env: { ...process.env, PATH: testPath() } });

interface UserConfigOption {
  type: string;
  sensitive?: boolean;
  default?: string | boolean;
}
interface Manifest {
  manifest_version: string;
  version: string;
  icon: string;
  server: { mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  tools: { name: string; description: string }[];
  user_config: Record<string, UserConfigOption>;
}

/** `${user_config.key}`, the manifest's placeholder syntax (a plain string, not a template). */
const placeholder = (key: string) => ["$", "{user_config.", key, "}"].join("");

const manifest = JSON.parse(readFileSync(join(ROOT, "mcpb", "manifest.json"), "utf8")) as Manifest;

/** What Claude Desktop does at launch: ${__dirname} and ${user_config.X} substituted. */
function launchLine(dir: string, values: Record<string, string | boolean>) {
  const fill = (text: string) =>
    text
      .replaceAll(["$", "{__dirname}"].join(""), dir)
      .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) =>
        String(values[key] ?? manifest.user_config[key]?.default ?? ""),
      );
  const { command, args, env } = manifest.server.mcp_config;
  return {
    command: command === "node" ? process.execPath : command,
    args: args.map(fill),
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)])),
  };
}

describe("the Claude Desktop bundle (npm run bundle)", () => {
  let unpacked: string;
  let client: Client | undefined;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "bookingtime-mcp-mcpb-test-"));
    const bundle = join(dir, "bookingtime-mcp.mcpb");
    // What `npm run bundle` runs after its build (dist/ is already built; rebuilding it here would
    // pull it from under the other tests).
    await run(process.execPath, [join(ROOT, "scripts", "mcpb.mjs"), bundle], { cwd: ROOT });
    unpacked = join(dir, "unpacked");
    await mcpb("unpack", bundle, unpacked);
  }, 120_000);
  afterAll(() => client?.close());

  it("has a manifest the official CLI validates, at manifest version 0.3, with the package's version", async () => {
    const { stdout } = await mcpb("validate", join(ROOT, "mcpb", "manifest.json"));
    expect(stdout).toMatch(/Manifest schema validation passes/);
    expect(manifest.manifest_version).toBe("0.3");
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(manifest.version).toBe(pkg.version);
    // The validator is not a rubber stamp: a manifest without a server fails.
    const broken = join(mkdtempSync(join(tmpdir(), "bookingtime-mcp-broken-")), "manifest.json");
    writeFileSync(broken, JSON.stringify({ ...manifest, server: undefined, icon: undefined }));
    const failed = await mcpb("validate", broken).then(
      () => ({ stdout: "validated" }),
      (error: { stdout: string }) => error,
    );
    expect(failed.stdout).toMatch(/validation failed[\s\S]*server: Required/);
  });

  it("asks for client id, secret (sensitive), default organization, read-only and sandbox", () => {
    expect(Object.keys(manifest.user_config).sort()).toEqual(
      ["client_id", "client_secret", "organization_id", "read_only", "sandbox"].sort(),
    );
    expect(manifest.user_config.client_secret?.sensitive).toBe(true);
    expect(manifest.user_config.sandbox).toMatchObject({ type: "boolean", default: false });
    expect(manifest.user_config.read_only).toMatchObject({ type: "boolean", default: false });
    expect(manifest.server.mcp_config.env).toEqual({
      BOOKINGTIME_CLIENT_ID: placeholder("client_id"),
      BOOKINGTIME_CLIENT_SECRET: placeholder("client_secret"),
      BOOKINGTIME_ORGANIZATION_ID: placeholder("organization_id"),
      BOOKINGTIME_READ_ONLY: placeholder("read_only"),
      BOOKINGTIME_SANDBOX: placeholder("sandbox"),
    });
  });

  it("holds the bundle, icon, notices and version file, and no node_modules or source maps", async () => {
    // The manifest inside the .mcpb, next to its icon, is what Claude Desktop reads.
    const { stdout } = await mcpb("validate", join(unpacked, "manifest.json"));
    expect(stdout).toMatch(/Manifest schema validation passes/);
    expect(JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8"))).toEqual(manifest);
    const files = readdirSync(unpacked, { recursive: true }).map(String);
    expect(files).toEqual(
      expect.arrayContaining([
        "manifest.json",
        "icon.png",
        "LICENSE",
        "package.json",
        join("dist", "index.js"),
        join("dist", "tool-listing.json"),
        join("dist", "THIRD-PARTY-LICENSES.txt"),
      ]),
    );
    expect(files.filter((f) => f.includes("node_modules") || f.endsWith(".map"))).toEqual([]);
    expect(readFileSync(join(unpacked, manifest.icon)).subarray(1, 4).toString()).toBe("PNG");
  });

  it("starts as Claude Desktop would with the sandbox switch on; its tools equal the manifest's", async () => {
    expect(existsSync(join(unpacked, "node_modules"))).toBe(false);
    const line = launchLine(unpacked, { sandbox: true });
    client = await connectCommand(line.command, line.args, { cwd: unpacked, env: line.env });
    const { tools } = await client.listTools();
    expect(tools.map(({ name, description }) => ({ name, description }))).toEqual(manifest.tools);
    const organization = await client.callTool({ name: "get_organization", arguments: {} });
    expect(organization.isError).toBeFalsy();
  });

  it("offers no write tool with the read-only switch on", async () => {
    const line = launchLine(unpacked, { sandbox: true, read_only: true });
    const readOnly = await connectCommand(line.command, line.args, {
      cwd: unpacked,
      env: line.env,
    });
    try {
      const names = (await readOnly.listTools()).tools.map((t) => t.name);
      expect(names).toContain("find_free_slots");
      expect(names).not.toContain("book_appointment");
    } finally {
      await readOnly.close();
    }
  });
});
