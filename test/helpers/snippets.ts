import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";

/** One server a snippet configures: a command to launch, or a URL (remote mode). */
export interface Snippet {
  /** File and what the snippet is, for test names. */
  source: string;
  kind: "json" | "toml" | "claude mcp add" | "codex mcp add" | "code --add-mcp" | "cursor link";
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
}

interface ServerEntry {
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
}

/** Splits a shell line into words: '…' and "…" quoting, no expansion (the snippets use none). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    words.push(m[1] ?? m[2]?.replace(/\\(.)/g, "$1") ?? m[3] ?? "");
  }
  return words;
}

function fromServers(
  source: string,
  kind: Snippet["kind"],
  servers: Record<string, ServerEntry>,
): Snippet[] {
  return Object.entries(servers).map(([name, s]) => ({
    source: `${source} (${name})`,
    kind,
    ...(s.command === undefined ? {} : { command: s.command, args: s.args ?? [] }),
    env: s.env ?? {},
    ...(s.url === undefined ? {} : { url: s.url }),
  }));
}

/** A JSON document: a client file with mcpServers (most clients) or servers (VS Code). */
function fromJson(source: string, text: string): Snippet[] {
  const doc = JSON.parse(text) as {
    mcpServers?: Record<string, ServerEntry>;
    servers?: Record<string, ServerEntry>;
  };
  return fromServers(source, "json", { ...doc.mcpServers, ...doc.servers });
}

/** `claude mcp add`, `codex mcp add` and `code --add-mcp` lines. */
function fromShell(source: string, line: string): Snippet[] {
  const words = shellWords(line.trim());
  if (words[0] === "code" && words[1] === "--add-mcp") {
    const server = JSON.parse(words[2] ?? "") as ServerEntry & { name: string };
    return fromServers(source, "code --add-mcp", { [server.name]: server });
  }
  const kind = `${words[0]} ${words[1]} ${words[2]}`;
  if (kind !== "claude mcp add" && kind !== "codex mcp add") return [];
  const env: Record<string, string> = {};
  const rest = words.slice(3);
  const dashes = rest.indexOf("--");
  const options = dashes === -1 ? rest : rest.slice(0, dashes);
  for (let i = 0; i < options.length; i++) {
    if (options[i] === "--env" || options[i] === "-e") {
      const [key, ...value] = (options[++i] ?? "").split("=");
      env[key ?? ""] = value.join("=");
    }
  }
  if (dashes === -1) {
    // claude mcp add --transport http NAME URL …: a remote server.
    const url = options.find((w) => /^https?:\/\//.test(w));
    return url ? [{ source, kind, url }] : [];
  }
  const [command, ...args] = rest.slice(dashes + 1);
  return [{ source, kind, command, args, env }];
}

function fromCursorLink(source: string, link: string): Snippet[] {
  const url = new URL(link);
  const config = JSON.parse(
    Buffer.from(url.searchParams.get("config") ?? "", "base64").toString("utf8"),
  ) as ServerEntry;
  return fromServers(source, "cursor link", { [url.searchParams.get("name") ?? ""]: config });
}

const CLI_LINE = /^(claude mcp add|codex mcp add|code --add-mcp) /;

/** Every client configuration in a Markdown page: fenced blocks, inline code and links. */
export function snippetsOfMarkdown(file: string, text: string): Snippet[] {
  const found: Snippet[] = [];
  for (const [, lang, body = ""] of text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const where = `${file} \`\`\`${lang}`;
    if (lang === "json") found.push(...fromJson(where, body));
    if (lang === "toml") {
      const doc = parseToml(body) as { mcp_servers?: Record<string, ServerEntry> };
      found.push(...fromServers(where, "toml", doc.mcp_servers ?? {}));
    }
    for (const line of body.split("\n")) {
      if (CLI_LINE.test(line)) found.push(...fromShell(where, line));
      if (line.startsWith("cursor://")) found.push(...fromCursorLink(where, line));
    }
  }
  const outside = text.replace(/^```\w*\n[\s\S]*?^```$/gm, "");
  for (const [, code = ""] of outside.matchAll(/`([^`\n]+)`/g)) {
    if (CLI_LINE.test(code)) found.push(...fromShell(`${file} inline`, code));
    if (code.startsWith('{"mcpServers"')) found.push(...fromJson(`${file} inline`, code));
  }
  for (const [, link = ""] of outside.matchAll(/\]\((cursor:\/\/[^)\s]+)\)/g)) {
    found.push(...fromCursorLink(`${file} link`, link));
  }
  return found;
}

/** The README, every page under docs/ and mcp.json.example. */
export function allSnippets(root: string): Snippet[] {
  const pages = ["README.md", ...readdirSync(join(root, "docs")).map((f) => `docs/${f}`)];
  return [
    ...pages
      .filter((page) => page.endsWith(".md"))
      .flatMap((page) => snippetsOfMarkdown(page, readFileSync(join(root, page), "utf8"))),
    ...fromJson("mcp.json.example", readFileSync(join(root, "mcp.json.example"), "utf8")),
  ];
}
