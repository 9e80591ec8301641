import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";

// The emulator's customer and sub-organization routes over real HTTP, as a client would see them.
const { acme, globex } = SANDBOX_ORGANIZATIONS;
const ADA = "d3AcmeCust0000000000000000000003";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function token(organizationId = acme): Promise<string> {
  const form = (params: Record<string, string>) =>
    request(sandbox.authUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    }).then((r) => r.body.json() as Promise<Record<string, string>>);
  const { refresh_token } = await form({
    grant_type: "client_credentials",
    client_id: SANDBOX_DEFAULT_CLIENT.clientId,
    client_secret: SANDBOX_DEFAULT_CLIENT.clientSecret,
  });
  const exchanged = await form({
    grant_type: "refresh_token",
    client_id: SANDBOX_DEFAULT_CLIENT.clientId,
    refresh_token: String(refresh_token),
    organization_id: organizationId,
  });
  return String(exchanged.access_token);
}

// biome-ignore lint/suspicious/noExplicitAny: bodies are inspected field by field
type Body = any;

async function api(
  route: string,
  init: { method?: string; body?: unknown; org?: string } = {},
): Promise<{ status: number; json: Body }> {
  const org = init.org ?? acme;
  const res = await request(`${sandbox.apiUrl}/en/organization/${org}/${route}`, {
    method: (init.method ?? "GET") as "GET",
    headers: {
      authorization: `Bearer ${await token(org)}`,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

describe("customer/filter/{page}", () => {
  it("answers a PAGINATION_LIST of 25 per page", async () => {
    const { status, json } = await api("customer/filter/2?searchQuery=");
    expect(status).toBe(200);
    expect(json.content).toMatchObject({
      class: "PAGINATION_LIST",
      pageCurrent: 2,
      pageTotal: 3,
      recordFrom: 26,
      recordTo: 50,
      recordTotal: 64,
      recordPerPage: 25,
    });
    expect(json.content.recordList).toHaveLength(25);
    expect(json.content.recordList[0]).toMatchObject({
      class: "CUSTOMER",
      id: expect.stringMatching(/^d3/),
    });
  });

  it("matches every word, case-insensitively, over name, email, mobile and customId", async () => {
    const q = (s: string) => api(`customer/filter/1?searchQuery=${encodeURIComponent(s)}`);
    expect((await q("ada LOVELACE")).json.content.recordTotal).toBe(1);
    expect((await q("k&m-0042")).json.content.recordList[0].lastName).toBe("Weiß");
    expect((await q("7946")).json.content.recordList[0].id).toBe(ADA);
    expect((await q("ada nobody")).json.content.recordTotal).toBe(0);
  });

  it("answers a page past the end with an empty list", async () => {
    const { status, json } = await api("customer/filter/4?searchQuery=");
    expect(status).toBe(200);
    expect(json.content).toMatchObject({
      pageCurrent: 4,
      pageTotal: 3,
      recordFrom: 0,
      recordTo: 75,
      recordList: [],
    });
  });

  it.each(["0", "-1", "x", "1.5"])("refuses page %s with 400 naming page", async (page) => {
    const { status, json } = await api(`customer/filter/${page}?searchQuery=`);
    expect(status).toBe(400);
    expect(json.messageList[0]).toMatchObject({ type: "failure", parameter: "page" });
  });

  it("refuses a missing searchQuery with 400", async () => {
    const { status, json } = await api("customer/filter/1");
    expect(status).toBe(400);
    expect(json.messageList[0]).toMatchObject({ parameter: "searchQuery" });
  });
});

describe("customer show, identify, edit", () => {
  it("shows a customer by id and by customId, 404 otherwise", async () => {
    expect((await api(`customer/${ADA}/show`)).json.content).toMatchObject({
      id: ADA,
      lastName: "Lovelace",
    });
    expect((await api("customer/crm-1815/identify")).json.content.id).toBe(ADA);
    expect((await api("customer/K%26M-0042/identify")).json.content.firstName).toBe("Zoë");
    expect((await api("customer/d3NobodyNobodyNobodyNobodyNobody/show")).status).toBe(404);
    expect((await api("customer/unknown/identify")).status).toBe(404);
    // Customers belong to their organization.
    expect((await api(`customer/${ADA}/show`, { org: globex })).status).toBe(404);
  });

  it("edits only the fields sent and answers the whole record", async () => {
    const { status, json } = await api(`customer/${ADA}/edit`, {
      method: "PUT",
      body: { notes: "VIP" },
    });
    expect(status).toBe(200);
    expect(json.content).toMatchObject({
      id: ADA,
      firstName: "Ada",
      notes: "VIP",
      timestampEdit: expect.any(String),
    });
  });

  it("validates an edit per field like add, 422 with one message each", async () => {
    const { status, json } = await api(`customer/${ADA}/edit`, {
      method: "PUT",
      body: { lastName: "", email: "x", color: "red" },
    });
    expect(status).toBe(422);
    expect(json.messageList.map((m: { parameter: string }) => m.parameter)).toEqual([
      "lastName",
      "email",
      "color",
    ]);
    expect(sandbox.customers(acme).find((c) => c.id === ADA)).toMatchObject({
      lastName: "Lovelace",
    });
  });

  it("refuses an empty edit with 400", async () => {
    expect((await api(`customer/${ADA}/edit`, { method: "PUT", body: {} })).status).toBe(400);
  });

  it("refuses to add or edit into a customId that exists, 409 naming customId", async () => {
    const add = await api("customer/add", {
      method: "POST",
      body: { firstName: "A", lastName: "B", customId: "crm-1815" },
    });
    expect(add.status).toBe(409);
    expect(add.json.messageList).toEqual([
      {
        class: "MESSAGE",
        type: "failure",
        parameter: "customId",
        text: "A customer with this customId already exists.",
      },
    ]);
    expect(sandbox.addedCustomers(acme)).toEqual([]);
    const edit = await api(`customer/${ADA}/edit`, {
      method: "PUT",
      body: { customId: "crm-1001" },
    });
    expect(edit.status).toBe(409);
    // Keeping one's own customId is not a conflict.
    expect(
      (await api(`customer/${ADA}/edit`, { method: "PUT", body: { customId: "crm-1815" } })).status,
    ).toBe(200);
  });
});

describe("organization/list", () => {
  it("lists ACME's locations as ORGANIZATION_SHORT in a LIST", async () => {
    const { status, json } = await api("organization/list");
    expect(status).toBe(200);
    expect(json.content).toMatchObject({ class: "LIST", recordTotal: 3, recordLimit: 9999 });
    expect(json.content.recordList[0]).toEqual({
      class: "ORGANIZATION_SHORT",
      id: "f6AcmeA1tonaAcmeA1tonaAcmeA1tona",
      customId: "acme-altona",
      name: "ACME Hamburg-Altona",
      organizationList: [],
    });
  });

  it("answers an empty list for an organization without locations", async () => {
    const { json } = await api("organization/list", { org: globex });
    expect(json.content).toMatchObject({ recordTotal: 0, recordList: [] });
  });
});

describe("customer fields the organization requires", () => {
  const VIENNA = "f6AcmeWienAcmeWienAcmeWienAcmeWi";
  const requires = (field: string) => ({
    type: "failure",
    parameter: field,
    text: `This organization requires the customer's ${field}.`,
  });

  it("customer/add refuses a customer without the required email (customerEmailRequired)", async () => {
    const { status, json } = await api("customer/add", {
      method: "POST",
      org: VIENNA,
      body: { firstName: "Ada", lastName: "Lovelace" },
    });
    expect(status).toBe(422);
    expect(json.messageList).toContainEqual(expect.objectContaining(requires("email")));
    expect(sandbox.customers(VIENNA)).toHaveLength(0);
  });

  it("customer/edit refuses to leave a customer without the required email", async () => {
    const added = await api("customer/add", {
      method: "POST",
      org: VIENNA,
      body: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
    });
    expect(added.status).toBe(201);
    const id = added.json.content.id;
    const { status, json } = await api(`customer/${id}/edit`, {
      method: "PUT",
      org: VIENNA,
      body: { email: null },
    });
    expect(status).toBe(422);
    expect(json.messageList).toContainEqual(expect.objectContaining(requires("email")));
    expect(sandbox.customers(VIENNA)[0]?.email).toBe("ada@example.com");
  });

  it("ACME itself requires no email", async () => {
    const { status } = await api("customer/add", {
      method: "POST",
      body: { firstName: "Ada", lastName: "Lovelace" },
    });
    expect(status).toBe(201);
  });
});
