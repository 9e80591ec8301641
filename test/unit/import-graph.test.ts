import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PRODUCT = join(ROOT, "src");
const EMULATOR = join(ROOT, "packages", "bookingtime-emulator");

interface Import {
  file: string;
  specifier: string;
  /** The file or folder a relative specifier points at; undefined for packages and built-ins. */
  target: string | undefined;
  dynamic: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** Every import, export-from and import() of a file, read from its syntax tree. */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const found: Import[] = [];
  const add = (node: ts.Node | undefined, dynamic: boolean) => {
    if (node === undefined || !ts.isStringLiteralLike(node)) return;
    const specifier = node.text;
    const target = specifier.startsWith(".") ? resolve(dirname(file), specifier) : undefined;
    found.push({ file, specifier, target, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, false);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node.moduleReference.expression, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);
const rel = (path: string) => relative(ROOT, path);

/** An import between two units of src/: a top-level folder, or a top-level file without `.ts`. */
interface Edge {
  from: string;
  to: string;
}

/**
 * The problems in a unit graph under a layer order: a unit in no layer, an import that goes up
 * the layers or between independent units, and a cycle between units (same-layer imports are
 * fine, cycles not). Allowed edges are skipped; each must still exist, so the list only shrinks.
 */
interface LayerRules {
  /** Top first. */
  layers: readonly (readonly string[])[];
  /** Groups of one layer whose units may not import each other at all. */
  independent?: readonly (readonly string[])[];
  /** Known edges against the rules, as "from -> to". */
  allowed?: readonly string[];
}

function layerProblems(edges: readonly Edge[], rules: LayerRules): string[] {
  const { layers, independent = [], allowed = [] } = rules;
  const problems: string[] = [];
  const rank = new Map(layers.flatMap((units, i) => units.map((u) => [u, i] as const)));
  const present = new Set(edges.map((e) => `${e.from} -> ${e.to}`));
  for (const edge of allowed) {
    if (!present.has(edge)) problems.push(`allowed edge ${edge} no longer exists: drop it`);
  }
  const checked = edges.filter((e) => e.from !== e.to && !allowed.includes(`${e.from} -> ${e.to}`));
  const units = new Set(edges.flatMap((e) => [e.from, e.to]));
  for (const unit of [...units].sort()) {
    if (!rank.has(unit)) problems.push(`${unit} is in no layer`);
  }
  for (const { from, to } of checked) {
    const a = rank.get(from);
    const b = rank.get(to);
    if (a !== undefined && b !== undefined && b < a) problems.push(`${from} -> ${to} goes up`);
    if (independent.some((group) => group.includes(from) && group.includes(to))) {
      problems.push(`${from} -> ${to} joins units that must stay independent`);
    }
  }
  const next = new Map<string, Set<string>>();
  for (const { from, to } of checked) next.set(from, (next.get(from) ?? new Set()).add(to));
  for (const cycle of cycles(next)) problems.push(`cycle: ${cycle.join(" -> ")}`);
  return problems;
}

/** Each strongly connected group of two or more units, as a path back to its first unit. */
function cycles(next: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const found: string[][] = [];
  const reaches = (from: string, to: string, seen = new Set<string>()): string[] | undefined => {
    for (const n of next.get(from) ?? []) {
      if (n === to) return [from, to];
      if (seen.has(n)) continue;
      seen.add(n);
      const rest = reaches(n, to, seen);
      if (rest) return [from, ...rest];
    }
    return undefined;
  };
  const reported = new Set<string>();
  for (const unit of [...next.keys()].sort()) {
    if (reported.has(unit)) continue;
    const path = reaches(unit, unit);
    if (!path) continue;
    for (const u of path) reported.add(u);
    found.push(path);
  }
  return found;
}

/** Top first: a unit may import its own layer and the layers below it, never one above. */
const LAYERS = [
  // Parsing (config/, config.ts) lives here only: everything below reads settings/.
  ["index", "main", "node-version", "runtime", "config", "config-checks"],
  ["http", "stdio-transport", "doctor", "shutdown"],
  ["server", "resources", "prompts", "access"],
  ["tools", "json-schema-validator", "error-text"],
  // MCP 2026-07-28 beside the SDK's handshake era: used by main, http and the confirmation.
  ["revision"],
  // Who called, and the trail of write attempts: written by tools, the server and http/.
  ["audit"],
  // The booking domain (slot windows, free times, booking memory): used by tools and resources.
  ["booking"],
  // The API client and the token service meet only in upstream/'s auth hook, wired by the runtime.
  ["bookingtime", "auth"],
  ["upstream"],
  // settings/: the configuration's types, ConfigError and isLoopback, read by every layer.
  ["logger", "log-destination", "secrets", "version", "toolsets", "settings"],
];

const unitOf = (path: string): string => {
  const [first = "", ...rest] = relative(PRODUCT, path).split(sep);
  return rest.length > 0 ? first : first.replace(/\.(ts|js)$/, "");
};

describe("import graph", () => {
  const emulatorImports = tsFiles(EMULATOR).flatMap(importsOf);
  const productImports = tsFiles(PRODUCT).flatMap(importsOf);
  const productEdges = productImports.flatMap((i) =>
    i.target !== undefined && inside(i.target, PRODUCT)
      ? [{ from: unitOf(i.file), to: unitOf(i.target) }]
      : [],
  );

  it("src/ imports only down the layers, with no cycle between folders", () => {
    expect(productEdges.length).toBeGreaterThan(100);
    const rules = { layers: LAYERS, independent: [["bookingtime", "auth"]] };
    expect(layerProblems(productEdges, rules)).toEqual([]);
  });

  it("reads the imports of both trees", () => {
    expect(new Set(emulatorImports.map((i) => i.file)).size).toBeGreaterThan(20);
    expect(new Set(productImports.map((i) => i.file)).size).toBeGreaterThan(40);
    // JSON fixtures count as imports too.
    expect(emulatorImports.some((i) => i.specifier.endsWith(".json"))).toBe(true);
  });

  it("the emulator package imports nothing from the product, nor any package but node's own", () => {
    const outside = emulatorImports.filter((i) =>
      i.target === undefined ? !i.specifier.startsWith("node:") : !inside(i.target, EMULATOR),
    );
    expect(outside.map((i) => `${rel(i.file)} -> ${i.specifier}`)).toEqual([]);
  });

  it("the product reaches the emulator only from src/main.ts, by dynamic import", () => {
    const toEmulator = productImports.filter(
      (i) =>
        (i.target !== undefined && inside(i.target, EMULATOR)) ||
        i.specifier.includes("bookingtime-emulator"),
    );
    expect(toEmulator.length).toBeGreaterThan(0);
    for (const i of toEmulator) {
      expect(rel(i.file), i.specifier).toBe(join("src", "main.ts"));
      expect(i.dynamic, `${i.specifier} is imported statically`).toBe(true);
    }
  });
});

describe("layer checker", () => {
  const layers = [["mcp"], ["domain"], ["upstream"]];
  const good: Edge[] = [
    { from: "mcp", to: "domain" },
    { from: "domain", to: "upstream" },
    { from: "mcp", to: "upstream" },
  ];

  it("passes a graph that only goes down", () => {
    expect(layerProblems(good, { layers })).toEqual([]);
  });

  it("catches an import that goes up the layers", () => {
    const bad = [...good, { from: "upstream", to: "mcp" }];
    expect(layerProblems(bad, { layers })).toContain("upstream -> mcp goes up");
  });

  it("catches a cycle between folders of one layer", () => {
    const flat = [["a", "b", "c"]];
    const edges = [
      { from: "a", to: "b" },
      { from: "b", to: "c" },
      { from: "c", to: "a" },
    ];
    expect(layerProblems(edges, { layers: flat })).toEqual(["cycle: a -> b -> c -> a"]);
  });

  it("catches the cycle this issue removed: auth and bookingtime importing each other", () => {
    const edges = [
      { from: "bookingtime", to: "auth" },
      { from: "auth", to: "bookingtime" },
    ];
    const problems = layerProblems(edges, {
      layers: [["bookingtime", "auth"]],
      independent: [["bookingtime", "auth"]],
    });
    expect(problems).toEqual([
      "bookingtime -> auth joins units that must stay independent",
      "auth -> bookingtime joins units that must stay independent",
      "cycle: auth -> bookingtime -> auth",
    ]);
  });

  it("names a unit that is in no layer, and an allowed edge that no longer exists", () => {
    const problems = layerProblems([{ from: "mcp", to: "stray" }], {
      layers,
      allowed: ["mcp -> upstream"],
    });
    expect(problems).toEqual([
      "allowed edge mcp -> upstream no longer exists: drop it",
      "stray is in no layer",
    ]);
  });
});
