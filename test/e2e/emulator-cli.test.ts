import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";

const DIST = new URL("../../dist/", import.meta.url);
const BIN = fileURLToPath(new URL("index.js", DIST));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts `bookingtime-mcp sandbox …` and resolves with the URL from its banner. */
function startStandalone(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
  const child = spawn(process.execPath, [BIN, "sandbox", "--port", "0", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) resolve({ child, url });
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

async function templateList(url: string): Promise<{ recordTotal: unknown }> {
  const form = async (params: Record<string, string>) =>
    (await request(`${url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    }).then((r) => r.body.json())) as Record<string, string>;
  const client = { client_id: "sandbox-client" };
  const grant = await form({
    ...client,
    grant_type: "client_credentials",
    client_secret: "sandbox-secret",
  });
  const acme = "f6123456789101112131415aBCdeFgHi";
  const access = await form({
    ...client,
    grant_type: "refresh_token",
    refresh_token: grant.refresh_token ?? "",
    organization_id: acme,
  });
  const res = await request(`${url}/app/v3/en/organization/${acme}/bookingTemplate/list`, {
    headers: { authorization: `Bearer ${access.access_token}` },
  });
  const body = (await res.body.json()) as { content: { recordTotal: unknown } };
  return body.content;
}

describe("the built emulator", () => {
  it("`sandbox --port 0 --emulator-shapes sdk` answers in sdk shapes and stops on SIGTERM", async () => {
    const { child, url } = await startStandalone(["--emulator-shapes", "sdk"]);
    expect((await templateList(url)).recordTotal).toBe("3");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("`sandbox --port 0` keeps the default shapes", async () => {
    const { url } = await startStandalone([]);
    expect((await templateList(url)).recordTotal).toBe(3);
  });

  it("is its own bundle: node built-ins only, reached from the server by a dynamic import", () => {
    const emulator = readFileSync(new URL("sandbox/index.js", DIST), "utf8");
    const emulatorImports = [...emulator.matchAll(/\bfrom\s*"([^"]+)"/g)].map((m) => m[1]);
    expect(emulatorImports.length).toBeGreaterThan(0);
    for (const specifier of emulatorImports) expect(specifier).toMatch(/^node:/);
    const serverFiles = readdirSync(DIST).filter((f) => f.endsWith(".js"));
    for (const file of serverFiles) {
      const code = readFileSync(new URL(file, DIST), "utf8");
      expect(code, file).not.toMatch(/\bfrom\s*"\.\/sandbox\/index\.js"/);
      expect(code, file).not.toContain("Globex Corporation");
    }
    // src/index.ts only checks the Node version and loads main, which imports the emulator lazily.
    const main = serverFiles.find((f) => /^main-[A-Z0-9]+\.js$/.test(f));
    expect(main).toBeDefined();
    expect(readFileSync(new URL(main ?? "", DIST), "utf8")).toMatch(
      /import\("\.\/sandbox\/index\.js"\)/,
    );
  });
});
