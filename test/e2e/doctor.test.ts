import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS, Sandbox, type SandboxOptions } from "../helpers/emulator.js";

const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const CLIENT_ID = "doctor-app";
const SECRET = "doctor-s3cret-Xq7vLm2p";
const ACME = SANDBOX_ORGANIZATIONS.acme;
const STEPS = [
  "grant",
  "exchange",
  "organization",
  "locations",
  "services",
  "staff",
  "slots",
  "customers",
];
// The emulator's tokens (sbxr_/sbxa_) and anything shaped like bookingtime's JWTs.
const TOKEN = /sbx[ar]_|eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built binary as a person runs it, with nothing from this process's environment but PATH. */
async function doctor(
  sandbox: Sandbox,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<Run> {
  const child = spawn(process.execPath, [BIN, "doctor", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      BOOKINGTIME_CLIENT_ID: CLIENT_ID,
      BOOKINGTIME_CLIENT_SECRET: SECRET,
      BOOKINGTIME_ORGANIZATION_ID: ACME,
      BOOKINGTIME_API_URL: sandbox.apiUrl,
      BOOKINGTIME_AUTH_URL: sandbox.authUrl,
      BOOKINGTIME_TIMEOUT_MS: "5000",
      LOG_LEVEL: "debug",
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

const lineOf = (run: Run, step: string) =>
  run.stdout.split("\n").find((line) => new RegExp(`^\\S+\\s+${step}\\b`).test(line)) ?? "";

function expectNoSecrets(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toMatch(TOKEN);
}

/** Only token POSTs and API GETs reached the emulator: doctor never writes. */
function expectReadOnly(sandbox: Sandbox): void {
  const writes = sandbox.requests.filter(
    (r) => r.method !== "GET" && !(r.method === "POST" && r.path === "/oauth/token"),
  );
  expect(writes).toEqual([]);
  expect(sandbox.requests.some((r) => r.path.includes("/app/v3/"))).toBe(true);
}

const SHAPE_MODES = ["default", "sdk"] as const;

/** bookingtime's own answer to organization/show: neither settings nor timeZone. */
const ORGANIZATION_SHOW = JSON.parse(
  readFileSync(new URL("../contract/fixtures/app.organization_show.json", import.meta.url), "utf8"),
).envelope;

describe.each(SHAPE_MODES)("bookingtime-mcp doctor against the emulator (%s shapes)", (shapes) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
    const options = {
      clients: [{ clientId: CLIENT_ID, clientSecret: SECRET, organizations: [ACME] }],
      shapes,
    };
    sandbox = await Sandbox.start(options as SandboxOptions);
  });
  afterEach(() => {
    sandbox.clearFaults();
    sandbox.requests.length = 0;
  });
  afterAll(() => sandbox.close());

  it("passes every step a booking needs, exits 0, and never writes", async () => {
    const run = await doctor(sandbox);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const step of STEPS) expect(lineOf(run, step)).toMatch(/^ok +\S+ \(.+, \d+ ms\)$/);
    expect(lineOf(run, "services")).toContain("3 services");
    expect(lineOf(run, "slots")).toMatch(/free slots? of "/);
    expect(run.stdout).toContain("All steps passed");
    expectReadOnly(sandbox);
    expectNoSecrets(run.stdout + run.stderr);
  });

  it("passes with German messages too: nothing depends on message texts", async () => {
    const run = await doctor(sandbox, { BOOKINGTIME_LOCALE: "de" });
    expect(run.code, run.stdout).toBe(0);
    expect(sandbox.requests.some((r) => r.path.startsWith("/app/v3/de/organization/"))).toBe(true);
  });

  it("names the failing step when a read fails, skips what needs it, and exits 1", async () => {
    sandbox.failNext({ status: 500, times: 5, match: { pathIncludes: "bookingTemplate/list" } });
    const run = await doctor(sandbox);
    expect(run.code).toBe(1);
    expect(lineOf(run, "services")).toMatch(/^FAIL +services: HTTP 500; bookingtime says: ".+"/);
    expect(lineOf(run, "services")).toContain("What to check:");
    expect(lineOf(run, "slots")).toMatch(/^skip +slots \(needs services\)$/);
    expect(lineOf(run, "staff")).toMatch(/^ok /);
    expectReadOnly(sandbox);
  });

  it("passes a step whose answer carries an error message, and quotes the message", async () => {
    sandbox.failNext({
      status: 200,
      times: 5,
      body: {
        messageList: [
          { type: "error", parameter: "bookingResource", text: "Achtung: Liste gekürzt" },
        ],
        content: { recordTotal: 0, recordList: [] },
      },
      match: { pathIncludes: "bookingResource/list" },
    });
    const run = await doctor(sandbox);
    expect(run.code).toBe(0);
    expect(lineOf(run, "staff")).toMatch(
      /^ok +staff \(0 staff members or resources; bookingtime says: "bookingResource: Achtung: Liste gekürzt", \d+ ms\)$/,
    );
  });

  it("says to check the client id and secret when the grant is refused", async () => {
    const run = await doctor(sandbox, { BOOKINGTIME_CLIENT_SECRET: "not-the-secret" });
    expect(run.code).toBe(1);
    expect(lineOf(run, "grant")).toMatch(/^FAIL +grant: HTTP 401/);
    expect(lineOf(run, "grant")).toContain("BOOKINGTIME_CLIENT_SECRET");
    for (const step of STEPS.slice(1)) expect(lineOf(run, step)).toMatch(/^skip /);
    expect(run.stdout + run.stderr).not.toContain("not-the-secret");
  });

  it("says the app is not installed in an organization it may not access (403)", async () => {
    const run = await doctor(sandbox, {
      BOOKINGTIME_ORGANIZATION_ID: SANDBOX_ORGANIZATIONS.initech,
    });
    expect(run.code).toBe(1);
    expect(lineOf(run, "grant")).toMatch(/^ok /);
    expect(lineOf(run, "exchange")).toMatch(/^FAIL +exchange: HTTP 403/);
    expect(lineOf(run, "exchange")).toContain("not installed in");
    expect(lineOf(run, "organization")).toMatch(/^skip /);
  });

  it("names the field of an answer it cannot read", async () => {
    sandbox.failNext({
      status: 200,
      times: 5,
      body: { messageList: [], content: { recordTotal: 1, recordList: "not a list" } },
      match: { pathIncludes: "bookingResource/list" },
    });
    const run = await doctor(sandbox);
    expect(run.code).toBe(1);
    expect(lineOf(run, "staff")).toMatch(
      /^FAIL +staff: HTTP 200; unexpected shape at content\.recordList /,
    );
  });

  it("passes with bookingtime's own organization_show (no time zone): slots use the list's zone", async () => {
    sandbox.failNext({
      status: 200,
      times: 5,
      body: ORGANIZATION_SHOW,
      match: { pathIncludes: `${ACME}/show` },
    });
    const run = await doctor(sandbox);
    expect(run.stdout).not.toContain("FAIL");
    expect(run.code).toBe(0);
    expect(lineOf(run, "organization")).toContain("names no time zone");
    expect(lineOf(run, "slots")).toMatch(
      /^ok +slots \(.*\(Europe\/Berlin, the free-slot list's zone: the organization names none\)/,
    );
  });

  it("points at BOOKINGTIME_AUTH_URL when the token endpoint cannot be reached", async () => {
    const closed = await Sandbox.start();
    const authUrl = closed.authUrl;
    await closed.close();
    const run = await doctor(sandbox, { BOOKINGTIME_AUTH_URL: authUrl });
    expect(run.code).toBe(1);
    expect(lineOf(run, "grant")).toMatch(/^FAIL +grant: no answer: .*BOOKINGTIME_AUTH_URL/);
  });

  it("scrubs tokens an API answer quotes back", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    sandbox.failNext({
      status: 400,
      times: 5,
      body: {
        messageList: [{ type: "error", parameter: null, text: `bad token Bearer ${jwt}` }],
        content: null,
      },
      match: { pathIncludes: "customer/filter" },
    });
    const run = await doctor(sandbox);
    expect(run.code).toBe(1);
    expect(lineOf(run, "customers")).toMatch(/^FAIL +customers: HTTP 400; bookingtime says: "bad/);
    expectNoSecrets(run.stdout + run.stderr);
  });

  it("scrubs the client secret a token endpoint quotes back", async () => {
    sandbox.failNext({
      status: 401,
      times: 5,
      body: { error: "invalid_client", error_description: `secret ${SECRET} is wrong` },
      match: { pathIncludes: "/oauth/token" },
    });
    const run = await doctor(sandbox);
    expect(run.code).toBe(1);
    expect(lineOf(run, "grant")).toContain('"invalid_client: secret [redacted] is wrong"');
    expectNoSecrets(run.stdout + run.stderr);
  });

  it("--record saves one masked file per step, without tokens, readable only by the owner", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "doctor-")), "new", "records");
    try {
      const run = await doctor(sandbox, {}, ["--record", dir]);
      expect(run.code, run.stdout).toBe(0);
      const files = (await readdir(dir)).sort();
      expect(files).toEqual(
        expect.arrayContaining([
          "01-token-grant.json",
          "02-token-exchange.json",
          "03-organization-show.json",
          "05-bookingTemplate-list.json",
          "08-customer-filter.json",
        ]),
      );
      const customers = sandbox.customers(ACME);
      const personal = customers
        .flatMap((c) => [c.firstName, c.lastName, c.email, c.mobile])
        .filter((v): v is string => typeof v === "string" && v.length > 3);
      expect(personal.length).toBeGreaterThan(10);
      for (const file of files) {
        const path = join(dir, file);
        expect((await stat(path)).mode & 0o777).toBe(0o600);
        const text = await readFile(path, "utf8");
        expectNoSecrets(text);
        for (const value of personal) expect(text).not.toContain(`"${value}"`);
        const record = JSON.parse(text);
        expect(record).toMatchObject({ method: expect.any(String), status: 200 });
      }
      const search = JSON.parse(await readFile(join(dir, "08-customer-filter.json"), "utf8"));
      expect(search.path).toMatch(
        new RegExp(`^/app/v3/en/organization/${ACME}/customer/filter/1\\?searchQuery=`),
      );
      const first = search.envelope.content.recordList[0];
      // Masked, yet the same shape and types: ready to become a contract fixture.
      expect(first).toMatchObject({
        id: expect.stringMatching(/^d3/),
        firstName: "masked",
        lastName: "masked",
      });
      // Types stay as bookingtime sent them (a count may be a number or a numeric string).
      expect(["number", "string"]).toContain(typeof search.envelope.content.recordTotal);
      expectReadOnly(sandbox);
      const grant = JSON.parse(await readFile(join(dir, "01-token-grant.json"), "utf8"));
      expect(grant.envelope).toMatchObject({ refresh_token: "[redacted]" });
    } finally {
      await rm(join(dir, "..", ".."), { recursive: true, force: true });
    }
  });
});

describe("bookingtime-mcp doctor configuration", () => {
  it("exits 2 and names BOOKINGTIME_ORGANIZATION_ID when it is missing", async () => {
    const sandbox = await Sandbox.start();
    try {
      const run = await doctor(sandbox, { BOOKINGTIME_ORGANIZATION_ID: "" });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("BOOKINGTIME_ORGANIZATION_ID is not set");
      expect(run.stdout).toBe("");
      expect(sandbox.requests).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
