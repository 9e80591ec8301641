import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ORGANIZATIONS } from "../../packages/bookingtime-emulator/src/index.js";
import { type Harness, startHarness } from "../helpers/harness.js";

const { acme, initech } = SANDBOX_ORGANIZATIONS;

describe("resources and prompts", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const read = async (uri: string) => {
    const result = await h.client.readResource({ uri });
    const [content] = result.contents;
    return { content, json: JSON.parse(String((content as { text: string }).text)) };
  };

  it("declares resources and prompts in the server capabilities", () => {
    const capabilities = h.client.getServerCapabilities();
    expect(capabilities?.resources).toBeDefined();
    expect(capabilities?.prompts).toBeDefined();
  });

  it("lists the organization template and the default organization", async () => {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain(
      "bookingtime://organization/{id}",
    );
    const { resources } = await h.client.listResources();
    expect(resources).toContainEqual(
      expect.objectContaining({ uri: `bookingtime://organization/${acme}`, name: "ACME" }),
    );
  });

  it("still lists the default organization when bookingtime fails", async () => {
    // 500 is not retried, so one fault is one failed lookup.
    h.sandbox.failNext({ status: 500, match: { pathIncludes: "/show" } });
    const { resources } = await h.client.listResources();
    expect(resources).toEqual([
      expect.objectContaining({ uri: `bookingtime://organization/${acme}`, name: acme }),
      expect.objectContaining({ uri: `bookingtime://organization/${acme}/services` }),
    ]);
  });

  it("reads a compact profile: address, opening hours, time zone, booking rules", async () => {
    const { content, json } = await read(`bookingtime://organization/${acme}`);
    expect(content).toMatchObject({
      uri: `bookingtime://organization/${acme}`,
      mimeType: "application/json",
    });
    expect(json).toMatchObject({
      id: acme,
      name: "ACME",
      address: { street: "Street 10", zip: "12345", city: "Hamburg", country: "DE" },
      timeZone: "Europe/Berlin",
      currency: "EUR",
      openingHours: {
        monday: ["09:00-18:00"],
        tuesday: ["09:00-12:00", "14:00-20:00"],
        saturday: [],
        sunday: [],
      },
      bookingRules: {
        timeGrid: "MINUTES_15",
        moduleBookingLeadTime: 120,
        customerEmailRequired: false,
      },
    });
    expect(JSON.stringify(json)).not.toContain('"class"');
    expect(JSON.stringify(json)).not.toContain("INHERITANCE");
  });

  it("reads a location's profile with its own time zone", async () => {
    const { json } = await read("bookingtime://organization/f6AcmeZurichAcmeZurichAcmeZuri01");
    expect(json).toMatchObject({ name: "ACME Zürich", timeZone: "Europe/Zurich", currency: "CHF" });
  });

  it("refuses a malformed id without a request, and explains a refused organization", async () => {
    const before = h.sandbox.requests.length;
    await expect(
      h.client.readResource({ uri: "bookingtime://organization/f6bad" }),
    ).rejects.toThrow(/not an organization id/);
    expect(h.sandbox.requests.length).toBe(before);
    await expect(
      h.client.readResource({ uri: `bookingtime://organization/${initech}` }),
    ).rejects.toThrow(/may not access organization/);
  });

  it("offers the book_appointment prompt that walks service, customer, slot, booking", async () => {
    const { prompts } = await h.client.listPrompts();
    expect(prompts).toEqual([
      expect.objectContaining({
        name: "book_appointment",
        arguments: expect.arrayContaining([
          expect.objectContaining({ name: "service", required: false }),
          expect.objectContaining({ name: "when" }),
          expect.objectContaining({ name: "customer" }),
        ]),
      }),
    ]);
    const prompt = await h.client.getPrompt({
      name: "book_appointment",
      arguments: { service: "haircut", when: "next Tuesday afternoon", customer: "Ada Lovelace" },
    });
    const text = JSON.stringify(prompt.messages);
    expect(prompt.messages).toHaveLength(1);
    expect(prompt.messages[0]?.role).toBe("user");
    expect(text).toContain('\\"Ada Lovelace\\"');
    expect(text).toContain('\\"haircut\\"');
    const order = [
      "list_services",
      "find_customers",
      "add_customer",
      "find_free_slots",
      "book_appointment",
    ];
    const positions = order.map((name) => text.indexOf(name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("the prompt names today's date in the organization's time zone", async () => {
    const berlin = (ms: number) =>
      new Date(ms).toLocaleDateString("sv-SE", { timeZone: "Europe/Berlin" });
    const before = berlin(Date.now());
    const prompt = await h.client.getPrompt({ name: "book_appointment", arguments: {} });
    const text = JSON.stringify(prompt.messages);
    const match =
      /Today is (\w+day) (\d{4}-\d{2}-\d{2}) in the organization's time zone \(Europe\/Berlin\)/.exec(
        text,
      );
    expect(match, text).not.toBeNull();
    expect([before, berlin(Date.now())]).toContain(match?.[2]);
  });

  it("a failed resource read does not repeat the MCP error prefix", async () => {
    const error = await h.client
      .readResource({ uri: "bookingtime://organization/f6bad" })
      .catch((e: Error) => e);
    expect(String((error as Error).message).match(/MCP error -32602/g)).toHaveLength(1);
  });

  it("a failed resource read is worded as a tool error is, with What to do", async () => {
    const error = await h.client
      .readResource({ uri: `bookingtime://organization/f6${"0".repeat(30)}` })
      .catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(/\nWhat to do: \S/);
  });

  it("offers only the resources of the enabled toolsets", async () => {
    const templates = async () =>
      (await h.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    try {
      await h.reconnect({ tools: { toolsets: ["organization"] } });
      expect(await templates()).toEqual(["bookingtime://organization/{id}"]);
      await h.reconnect({ tools: { toolsets: ["services"] } });
      expect(await templates()).toEqual(["bookingtime://organization/{id}/services"]);
      await h.reconnect({ tools: { toolsets: ["customers"] } });
      expect(await templates()).toEqual([]);
    } finally {
      await h.reconnect({});
    }
  });

  it("asks for what the prompt was not given", async () => {
    const prompt = await h.client.getPrompt({ name: "book_appointment", arguments: {} });
    expect(JSON.stringify(prompt.messages)).toContain("(ask which)");
  });
});
