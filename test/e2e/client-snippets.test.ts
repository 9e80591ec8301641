import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCommand, packBuild, ROOT } from "../helpers/pack.js";
import { allSnippets, type Snippet } from "../helpers/snippets.js";

const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
const CHECKOUT = "/absolute/path/to/bookingtime-mcp";
const TARBALL_SPEC = /^file:\/absolute\/path\/to\/bookingtime-mcp-(.+)\.tgz$/;

const snippets = allSnippets(ROOT);
/** Snippets that start a process, one per distinct command line (several clients share one). */
const launched = [
  ...new Map(
    snippets
      .filter((s) => s.command !== undefined)
      .map((s) => [JSON.stringify([s.command, s.args, s.env]), s] as const),
  ).values(),
];

/**
 * The command a snippet names, pointed at this build: the registry name and the documented tarball
 * path become the tarball just packed, the placeholder checkout becomes this one. `--sandbox` is
 * added where the snippet is for a real account.
 */
function localLaunch(snippet: Snippet, tarball: string) {
  const args = [...(snippet.args ?? [])];
  let command = snippet.command ?? "";
  if (command === "npx") {
    expect(args[0], "npx needs -y so that it never stops to ask").toBe("-y");
    const spec = args[1] ?? "";
    const version = TARBALL_SPEC.exec(spec)?.[1];
    if (version !== undefined) expect(version, "tarball name in the docs").toBe(VERSION);
    else expect(spec).toBe("bookingtime-mcp");
    args[1] = `file:${tarball}`;
  } else if (command === "node") {
    expect(args[0]).toBe(`${CHECKOUT}/dist/index.js`);
    args[0] = join(ROOT, "dist", "index.js");
    command = process.execPath;
  } else {
    throw new Error(`${snippet.source} runs '${command}', which no install channel provides`);
  }
  if (!args.includes("--sandbox")) args.push("--sandbox");
  // VS Code fills ${input:…} from what the user typed; any value does for the sandbox.
  const env = Object.fromEntries(
    Object.entries(snippet.env ?? {}).map(([k, v]) => [
      k,
      v.replace(/\$\{input:[^}]+\}/g, "typed"),
    ]),
  );
  return { command, args, env };
}

describe("configuration snippets in the README, docs/ and mcp.json.example", () => {
  it("cover every client, in each form the docs promise", () => {
    const kinds = new Set(snippets.map((s) => s.kind));
    for (const kind of [
      "json",
      "toml",
      "claude mcp add",
      "codex mcp add",
      "code --add-mcp",
      "cursor link",
    ] as const) {
      expect(kinds, kind).toContain(kind);
    }
    const clients = readFileSync(join(ROOT, "docs", "clients.md"), "utf8");
    for (const client of [
      "Claude Desktop",
      "Claude Code",
      "Cursor",
      "VS Code",
      "Windsurf",
      "Codex CLI",
      "Gemini CLI",
    ]) {
      expect(clients).toContain(`## ${client}`);
    }
    // VS Code keeps the secret out of the file: an input with password: true.
    const vscode = /```json\n(\{\n {2}"inputs"[\s\S]*?)^```$/m.exec(clients)?.[1];
    const inputs = JSON.parse(vscode ?? "{}").inputs as { id: string; password?: boolean }[];
    expect(inputs.find((i) => i.id === "bookingtime-client-secret")?.password).toBe(true);
  });

  it("point remote clients at an /mcp URL", () => {
    const remote = snippets.filter((s) => s.url !== undefined);
    expect(remote.length).toBeGreaterThan(0);
    for (const s of remote) expect(s.url, s.source).toMatch(/^https?:\/\/[^/]+\/mcp$/);
  });

  describe("each launched with --sandbox until tools/list answers", () => {
    let tarball = "";
    // One npm cache for every npx launch here: the tarball is installed once, then reused.
    const env = { npm_config_cache: mkdtempSync(join(tmpdir(), "bookingtime-mcp-npx-cache-")) };
    const cwd = mkdtempSync(join(tmpdir(), "bookingtime-mcp-client-"));
    beforeAll(async () => {
      tarball = (await packBuild()).tarball;
    }, 120_000);
    const closers: (() => Promise<void>)[] = [];
    afterAll(async () => {
      await Promise.all(closers.map((close) => close()));
    });

    it.each(launched.map((s) => [`${s.source}: ${s.command} ${s.args?.join(" ")}`, s] as const))(
      "%s",
      async (_, snippet) => {
        const line = localLaunch(snippet, tarball);
        const client = await connectCommand(line.command, line.args, {
          cwd,
          env: { ...env, ...line.env },
        });
        closers.push(() => client.close());
        const { tools } = await client.listTools();
        // Some snippets select toolsets (the front-desk example); every one offers some tools.
        expect(tools.length).toBeGreaterThan(0);
        await client.close();
      },
      120_000,
    );
  });
});
