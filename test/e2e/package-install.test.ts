import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectCommand,
  type Packed,
  packBuild,
  ROOT,
  run,
  testPath,
  treeSize,
} from "../helpers/pack.js";

// biome-ignore lint/suspicious/noExplicitAny: tool results are checked field by field below
type Json = any;

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

// What a user gets from npm: the packed tarball, installed as a production dependency.
describe("the npm package, packed and installed into an empty prefix with --omit=dev", () => {
  let packed: Packed;
  let prefix: string;
  let client: Client | undefined;
  let installed = 0;

  beforeAll(async () => {
    packed = await packBuild();
    prefix = mkdtempSync(join(tmpdir(), "bookingtime-mcp-prefix-"));
    await run(
      "npm",
      ["install", "--prefix", prefix, "--omit=dev", "--no-audit", "--no-fund", packed.tarball],
      { cwd: prefix, env: { ...process.env, PATH: testPath() } },
    );
    installed = treeSize(join(prefix, "node_modules"));
    console.error(
      `npm package: tarball ${kib(packed.size)} (${packed.size} bytes), ` +
        `unpacked ${kib(packed.unpackedSize)}, installed node_modules ${kib(installed)} (${installed} bytes)`,
    );
  }, 120_000);
  afterAll(() => client?.close());

  it("is as small as the README says: under 550 KB packed, about 2 MB installed", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("under 550 KB packed, about 2 MB installed");
    expect(packed.size).toBeLessThan(550_000);
    expect(installed).toBeGreaterThan(1_500_000);
    expect(installed).toBeLessThan(2_500_000);
  });

  it("ships only what runs: the bundle, its notices, README, LICENSE and package.json", () => {
    expect(packed.files).toEqual(expect.arrayContaining(["dist/index.js", "LICENSE", "README.md"]));
    expect(packed.files).toContain("dist/tool-listing.json");
    expect(packed.files).toContain("dist/THIRD-PARTY-LICENSES.txt");
    for (const file of packed.files) {
      expect(file).toMatch(/^(dist\/.+\.(js|json|txt)|LICENSE|README\.md|package\.json)$/);
    }
  });

  it("is MIT, public, and installs nothing but itself: every dependency is in the bundle", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ license: "MIT", bin: { "bookingtime-mcp": "dist/index.js" } });
    expect(pkg.private).toBeUndefined();
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} bookingtime-mcp contributors\n/,
    );
    const installed = readdirSync(join(prefix, "node_modules")).filter((n) => !n.startsWith("."));
    expect(installed).toEqual(["bookingtime-mcp"]);
  });

  it("runs the installed bin with --sandbox through a full booking with the official client", async () => {
    const bin = join(prefix, "node_modules", ".bin", "bookingtime-mcp");
    client = await connectCommand(bin, ["--sandbox"], { cwd: prefix });
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const result = (await client?.callTool({ name, arguments: args })) as CallToolResult;
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
      expect(result.isError, `${name} failed: ${text}`).toBeFalsy();
      return result.structuredContent as Json;
    };
    const { services } = await call("list_services");
    const haircut = services.find((s: Json) => s.name === "Haircut");
    const { days } = await call("find_free_slots", { serviceId: haircut.id });
    const [start, staffId] = days[0].times[0].split(" ");
    const { customer } = await call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
    const { appointment } = await call("book_appointment", {
      serviceId: haircut.id,
      date: days[0].date,
      start,
      staffId,
      customerId: customer.id,
    });
    expect(appointment).toMatchObject({ status: "booked" });
    expect(appointment.start.slice(0, 16)).toBe(`${days[0].date}T${start}`);
    // Cancelling asks for confirmation: the lazily loaded validator chunk is in the package too.
    const { canceled } = await call("cancel_appointment", { appointmentId: appointment.id });
    expect(canceled).toBe(true);
  });

  it("prints usage, and serves --sandbox, through `npx -y ./bookingtime-mcp-<version>.tgz` from an empty directory", async () => {
    // A directory holding only the tarball, and a fresh npm cache: nothing installed is reused.
    const empty = mkdtempSync(join(tmpdir(), "bookingtime-mcp-npx-"));
    const name = basename(packed.tarball);
    copyFileSync(packed.tarball, join(empty, name));
    const npmCache = mkdtempSync(join(tmpdir(), "bookingtime-mcp-npx-cache-"));
    const { stdout } = await run("npx", ["-y", `./${name}`, "--help"], {
      cwd: empty,
      env: { ...process.env, PATH: testPath(), npm_config_cache: npmCache },
    });
    expect(stdout).toMatch(/^bookingtime-mcp: an MCP server/);
    expect(stdout).toContain("--sandbox");
    const npx = await connectCommand("npx", ["-y", `./${name}`, "--sandbox"], {
      cwd: empty,
      env: { npm_config_cache: npmCache },
    });
    try {
      const { tools } = await npx.listTools();
      expect(tools.map((t) => t.name)).toContain("book_appointment");
    } finally {
      await npx.close();
    }
  }, 120_000);
});
