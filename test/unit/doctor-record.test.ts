import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { Recorder } from "../../src/doctor/record.js";
import type { TappedExchange } from "../../src/doctor/tap.js";

const SECRET = "cl1ent-s3cret-value";
const ORG_SHOW = "/app/v3/en/organization/f6123456789101112131415aBCdeFgHi/show";

const answer = (method: string, path: string, status: number, body: unknown): TappedExchange => ({
  method,
  path,
  status,
  body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
});

let dir = "";
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("Recorder", () => {
  it("writes one 0600 file per distinct request, failures and non-JSON bodies included", async () => {
    dir = await mkdtemp(join(tmpdir(), "doctor-record-"));
    const recorder = await Recorder.open(join(dir, "a", "b"), () => [SECRET]);
    const show = answer("GET", ORG_SHOW, 200, {
      messageList: [],
      content: { id: "f6x", name: "ACME" },
    });
    expect(await recorder.save("03-organization-show", "organization", [show])).toEqual([
      "03-organization-show.json",
    ]);
    const names = await recorder.save("07-bookingSlot-list", "slots", [
      show, // asked again by a later step: not saved twice
      answer("GET", "/x/listWeek", 503, "<html>busy</html>"),
      answer("GET", "/x/listWeek", 500, `<html>${SECRET}</html>`), // the retry's answer wins
      answer("GET", "/x/listDay", 0, ""), // no answer: nothing to save
      answer("GET", "/x/listMonth", 400, { messageList: [{ type: "error", text: "bad" }] }),
    ]);
    expect(names).toEqual(["07-bookingSlot-list.json", "07-bookingSlot-list-2.json"]);
    expect((await readdir(join(dir, "a", "b"))).sort()).toEqual([
      "03-organization-show.json",
      "07-bookingSlot-list-2.json",
      "07-bookingSlot-list.json",
    ]);
    const week = JSON.parse(
      await readFile(join(dir, "a", "b", "07-bookingSlot-list.json"), "utf8"),
    );
    expect(week).toMatchObject({ step: "slots", method: "GET", path: "/x/listWeek", status: 500 });
    expect(week.body).toBe("<html>[redacted]</html>");
    const org = JSON.parse(
      await readFile(join(dir, "a", "b", "03-organization-show.json"), "utf8"),
    );
    expect(org.envelope).toEqual({ messageList: [], content: { id: "f6x", name: "masked" } });
    expect(org.source).toMatch(/^bookingtime-mcp doctor \d/);
    for (const name of names) {
      expect((await stat(join(dir, "a", "b", name))).mode & 0o777).toBe(0o600);
    }
  });

  it("records both token answers, which share a path, without their tokens", async () => {
    dir = await mkdtemp(join(tmpdir(), "doctor-record-"));
    const recorder = await Recorder.open(dir, () => [SECRET]);
    const grant = answer("POST", "/oauth/token", 200, { refresh_token: "r-1", expires_in: 9 });
    const exchange = answer("POST", "/oauth/token", 200, { access_token: "a-1", expires_in: 3 });
    expect(await recorder.save("01-token-grant", "grant", [grant])).toHaveLength(1);
    expect(await recorder.save("02-token-exchange", "exchange", [exchange])).toHaveLength(1);
    const text = await readFile(join(dir, "02-token-exchange.json"), "utf8");
    expect(JSON.parse(text).envelope).toEqual({ access_token: "[redacted]", expires_in: 3 });
  });

  it("turns a directory that cannot be made into a configuration error", async () => {
    dir = await mkdtemp(join(tmpdir(), "doctor-record-"));
    const file = join(dir, "file");
    await writeFile(file, "x");
    await expect(Recorder.open(join(file, "sub"), () => [])).rejects.toBeInstanceOf(ConfigError);
  });
});
