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

describe("import graph", () => {
  const emulatorImports = tsFiles(EMULATOR).flatMap(importsOf);
  const productImports = tsFiles(PRODUCT).flatMap(importsOf);

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
