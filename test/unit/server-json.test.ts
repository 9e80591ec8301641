import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { HELP } from "../../src/config.js";

const read = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8"));
const server = read("server.json");
const pkg = read("package.json");
const schema = read("test/fixtures/server.schema.2025-12-11.json");

const validate = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
})();

// biome-ignore lint/suspicious/noExplicitAny: server.json is inspected field by field
type Json = any;

describe("server.json for the MCP registry", () => {
  it("validates against the registry's 2025-12-11 schema, which it names", () => {
    expect(server.$schema).toBe(schema.$id);
    expect(validate(server), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("the schema copy rejects what the registry rejects (so passing means something)", () => {
    const npm = server.packages[0];
    for (const broken of [
      { ...server, name: "no-namespace" },
      { ...server, description: "x".repeat(101) },
      { ...server, packages: [{ ...npm, version: "latest" }] },
      { ...server, packages: [{ ...npm, transport: { type: "carrier-pigeon" } }] },
      { ...server, remotes: [{ type: "streamable-http", url: "mcp.example.com/mcp" }] },
    ]) {
      expect(validate(broken), JSON.stringify(broken).slice(0, 120)).toBe(false);
    }
  });

  it("names the npm package and version of package.json, and the name npm verifies (mcpName)", () => {
    expect(server.name).toBe(pkg.mcpName);
    expect(server.version).toBe(pkg.version);
    expect(server.packages).toHaveLength(1);
    expect(server.packages[0]).toMatchObject({
      registryType: "npm",
      identifier: pkg.name,
      version: pkg.version,
      transport: { type: "stdio" },
    });
  });

  it("lists variables the server reads, with the client secret marked secret and nothing else", () => {
    const variables: Json[] = server.packages[0].environmentVariables;
    for (const { name } of variables) expect(HELP).toContain(name);
    const secrets = variables.filter((v) => v.isSecret).map((v) => v.name);
    expect(secrets).toEqual(["BOOKINGTIME_CLIENT_SECRET"]);
  });

  it("describes remote mode for operators: their own host, a secret bearer token", () => {
    const [remote] = server.remotes;
    expect(remote).toMatchObject({ type: "streamable-http", url: "https://{host}/mcp" });
    expect(remote.variables.host.isRequired).toBe(true);
    expect(remote.headers[0]).toMatchObject({
      name: "Authorization",
      value: "Bearer {token}",
      isSecret: true,
    });
  });
});
