import type { CompleteRequest } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
} from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, type HarnessOptions, startHarness } from "../helpers/harness.js";

const APP_ID = SANDBOX_DEFAULT_CLIENT.appId ?? "";
const { acme, globex, umbrella, initech } = SANDBOX_ORGANIZATIONS;
const ALTONA = "f6AcmeA1tonaAcmeA1tonaAcmeA1tona";
const VIENNA = "f6AcmeWienAcmeWienAcmeWienAcmeWi";
const ZURICH = "f6AcmeZurichAcmeZurichAcmeZuri01";
const PROMPT = { type: "ref/prompt", name: "book_appointment" } as const;
const ORGANIZATION_TEMPLATE = {
  type: "ref/resource",
  uri: "bookingtime://organization/{id}",
} as const;
const SERVICES_TEMPLATE = {
  type: "ref/resource",
  uri: "bookingtime://organization/{id}/services",
} as const;

describe("completion/complete", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function use(options: HarnessOptions) {
    h.sandbox.clearFaults();
    await h.reconnect(options);
  }

  async function complete(
    ref: CompleteRequest["params"]["ref"],
    name: string,
    value: string,
    filled?: Record<string, string>,
  ) {
    const { completion } = await h.client.complete({
      ref,
      argument: { name, value },
      ...(filled ? { context: { arguments: filled } } : {}),
    });
    return completion;
  }

  it("declares the completions capability", async () => {
    await use({});
    expect(h.client.getServerCapabilities()?.completions).toBeDefined();
  });

  it("organization ids of the app (BOOKINGTIME_APP_ID), filtered by a prefix of the id or a word of the name", async () => {
    await use({ appId: APP_ID });
    const all = await complete(PROMPT, "organizationId", "");
    expect(all.values).toEqual(expect.arrayContaining([acme, globex, umbrella, ALTONA]));
    expect(all.values).not.toContain(initech);
    expect(all).toMatchObject({ total: all.values.length, hasMore: false });
    expect((await complete(PROMPT, "organizationId", "F6G")).values).toEqual([globex]);
    expect((await complete(PROMPT, "organizationId", "umbr")).values).toEqual([umbrella]);
    // "ACME Hamburg-Altona": a word of the name, any case.
    expect((await complete(PROMPT, "organizationId", "hamburg")).values).toEqual([ALTONA]);
    expect((await complete(PROMPT, "organizationId", "nothing like it")).values).toEqual([]);
  });

  it("the same for the resource templates' {id}", async () => {
    await use({ appId: APP_ID });
    expect((await complete(ORGANIZATION_TEMPLATE, "id", "glob")).values).toEqual([globex]);
    expect((await complete(SERVICES_TEMPLATE, "id", "acme w")).values).toEqual([VIENNA]);
  });

  it("without an app id: the default organization and its locations", async () => {
    await use({});
    const all = await complete(PROMPT, "organizationId", "");
    expect(all.values).toEqual([acme, ALTONA, VIENNA, ZURICH]);
    expect((await complete(ORGANIZATION_TEMPLATE, "id", "zür")).values).toEqual([ZURICH]);
  });

  it("respects BOOKINGTIME_ALLOWED_ORGANIZATIONS", async () => {
    await use({ appId: APP_ID, allowedOrganizations: [acme, globex] });
    expect((await complete(PROMPT, "organizationId", "")).values).toEqual([acme, globex]);
    await use({ allowedOrganizations: [acme, VIENNA] });
    expect((await complete(PROMPT, "organizationId", "")).values).toEqual([acme, VIENNA]);
  });

  it("service and staff names of the filled-in organization, else the default's", async () => {
    await use({});
    expect((await complete(PROMPT, "service", "hair")).values).toEqual(["Haircut"]);
    expect((await complete(PROMPT, "service", "C")).values).toEqual([
      "Style consultation",
      "Colouring",
    ]);
    // A prefix of the id matches too.
    const colouring = SANDBOX_BOOKING.acme.colouring;
    expect((await complete(PROMPT, "service", colouring.slice(0, 9))).values).toEqual([
      "Colouring",
    ]);
    expect((await complete(PROMPT, "staff", "mar")).values).toEqual(["Maria Schmidt"]);
    expect((await complete(PROMPT, "staff", "")).values).toHaveLength(3);
    const filled = { organizationId: globex };
    expect((await complete(PROMPT, "service", "", filled)).values).toEqual([
      "Intro call",
      "Strategy session",
      "Workshop",
    ]);
    expect((await complete(PROMPT, "staff", "frank", filled)).values).toEqual(["Frank Grimes"]);
    // An organization this server may not use falls back to the default.
    expect((await complete(PROMPT, "service", "tps", { organizationId: initech })).values).toEqual(
      [],
    );
  });

  it("asks bookingtime once per organization while a person types (cached)", async () => {
    await use({});
    const before = h.sandbox.requests.filter((r) =>
      r.path.endsWith("/bookingTemplate/list"),
    ).length;
    for (const typed of ["", "h", "ha", "hai", "hair"]) await complete(PROMPT, "service", typed);
    const after = h.sandbox.requests.filter((r) => r.path.endsWith("/bookingTemplate/list")).length;
    expect(after - before).toBe(1);
  });

  it("answers an empty list, never an error, when bookingtime fails or there is no organization", async () => {
    await use({});
    h.sandbox.failNext({
      status: 500,
      times: 10,
      match: { pathIncludes: "/bookingResource/list" },
    });
    expect(await complete(PROMPT, "staff", "m")).toMatchObject({ values: [] });
    await use({ appId: "70UnknownAppUnknownAppUnknownApp" });
    expect(await complete(PROMPT, "organizationId", "")).toMatchObject({ values: [] });
    await use({ organizationId: undefined });
    expect(await complete(PROMPT, "service", "")).toMatchObject({ values: [] });
  });
});
