import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type CallToolResult, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOOLS } from "../../src/tools/registry.js";

const BIN = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const ZONE = "Europe/Berlin"; // ACME's, the default organization of --sandbox
const WRITE_TOOLS = TOOLS.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);

// biome-ignore lint/suspicious/noExplicitAny: tool results are checked field by field below
type Json = any;

/** Monday..Sunday of the ISO week after today's, as plain dates in the organization's zone. */
function nextWeek(): { monday: string; sunday: string; thursday: string } {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date());
  const base = new Date(`${today}T12:00:00Z`);
  const toMonday = ((8 - base.getUTCDay()) % 7 || 7) * 86_400_000;
  const day = (offset: number) =>
    new Date(base.getTime() + toMonday + offset * 86_400_000).toISOString().slice(0, 10);
  return { monday: day(0), thursday: day(3), sunday: day(6) };
}

async function start(
  args: string[],
  elicited: string[],
  env: Record<string, string> = {},
): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...args],
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
    stderr: "pipe",
  });
  // The user of this client says yes to every confirmation and we keep what they were shown.
  const client = new Client(
    { name: "e2e-booking", version: "1.0.0" },
    { capabilities: { elicitation: {} } },
  );
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicited.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  });
  await client.connect(transport);
  return client;
}

/**
 * The same scenario against the emulator's own shapes, against the shapes of bookingtime's SDK mocks
 * (DateTime objects, `customer: []`, a 400 for every client error), and with German messages.
 */
const UPSTREAMS: {
  name: string;
  args: string[];
  env: Record<string, string>;
  customerInRecord: boolean;
}[] = [
  { name: "default shapes", args: [], env: {}, customerInRecord: true },
  { name: "sdk shapes", args: ["--emulator-shapes", "sdk"], env: {}, customerInRecord: false },
  {
    name: "BOOKINGTIME_LOCALE=de",
    args: [],
    env: { BOOKINGTIME_LOCALE: "de" },
    customerInRecord: true,
  },
];

describe.each(UPSTREAMS)(
  "booking scenario through the built binary (--sandbox, $name)",
  (upstream) => {
    const elicited: string[] = [];
    let client: Client;
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
      expect(result.isError, `${name} failed: ${text}`).toBeFalsy();
      return { data: result.structuredContent as Json, text };
    };

    beforeAll(async () => {
      if (!existsSync(BIN)) throw new Error("dist/index.js is missing: run `npm run build` first");
      client = await start(["--sandbox", ...upstream.args], elicited, upstream.env);
    });
    afterAll(() => client?.close());

    it("lists services, finds a slot next week, finds or creates the customer, books, moves and cancels", async () => {
      const week = nextWeek();

      const { data: services } = await call("list_services");
      const haircut = services.services.find((s: Json) => s.name === "Haircut");
      expect(haircut).toMatchObject({ id: expect.stringMatching(/^fc/), durationMinutes: 30 });

      const { data: free, text: freeText } = await call("find_free_slots", {
        serviceId: haircut.id,
        from: week.monday,
        to: week.sunday,
      });
      expect(free.timeZone).toBe(ZONE);
      expect(freeText).toMatch(/book with serviceId, date, start/);
      // Compact free times: per day, "HH:MM" and the keys of the staff free then.
      const day = free.days[0];
      expect(day.date >= week.monday && day.date <= week.sunday).toBe(true);
      const [time, staffKey] = day.times[0].split(" ");
      expect(time).toMatch(/^\d\d:\d\d$/);
      expect(free.staff[staffKey]).toMatchObject({ id: expect.stringMatching(/^br/) });
      const byTime = { serviceId: haircut.id, date: day.date, start: time, staffId: staffKey };

      // Find first; create only when the search comes back empty.
      const { data: found } = await call("find_customers", { query: "Grace Hopper" });
      expect(found.total).toBe(0);
      const grace = { firstName: "Grace", lastName: "Hopper", customId: "e2e-grace" };
      const { data: added } = await call("add_customer", grace);
      expect(added.created).toBe(true);
      const { data: again } = await call("add_customer", grace);
      expect(again).toMatchObject({ created: false, customer: { id: added.customer.id } });
      const { data: refound } = await call("find_customers", { query: "Grace Hopper" });
      expect(refound.total).toBe(1);
      const customerId = added.customer.id;

      // Booked by time and staff key, as the person said it: the server looks the slot up itself.
      const { data: booked } = await call("book_appointment", { ...byTime, customerId });
      const appointment = booked.appointment;
      expect(appointment).toMatchObject({ status: "booked" });
      expect(appointment.start).toMatch(new RegExp(`^${day.date}T${time}:00[+-]\\d\\d:\\d\\d$`));
      expect(appointment.staff[0].id).toBe(free.staff[staffKey].id);
      // A client retrying after a lost answer gets the same booking, not a second one.
      const { data: repeated } = await call("book_appointment", { ...byTime, customerId });
      expect(repeated.appointment.id).toBe(appointment.id);
      const { data: listed } = await call("list_appointments", { customerId });
      expect(listed.appointments.map((a: Json) => a.id)).toEqual([appointment.id]);

      const { data: later } = await call("find_free_slots", {
        serviceId: haircut.id,
        from: week.thursday,
        detail: true,
      });
      const target = { ...later.slots[0], id: later.slots[0].options[0].slotId };
      const { data: moved } = await call("move_appointment", {
        appointmentId: appointment.id,
        slotId: target.id,
      });
      expect(moved.appointment).toMatchObject({ id: appointment.id, start: target.start });
      // The person was asked about the move, naming the appointment they have now.
      expect(elicited).toHaveLength(1);
      // SDK-shaped appointments carry `customer: []`: the person is then named by nothing but the time.
      expect(elicited[0]).toMatch(
        upstream.customerInRecord
          ? /^Move the "Haircut" appointment of "Grace Hopper"/
          : /^Move the "Haircut" appointment of /,
      );

      const { data: canceled } = await call("cancel_appointment", {
        appointmentId: appointment.id,
      });
      expect(canceled.canceled).toBe(true);
      expect(elicited).toHaveLength(2);
      expect(elicited[1]).toContain('"Haircut"');
      if (upstream.customerInRecord) expect(elicited[1]).toContain('"Grace Hopper"');
      expect(elicited[1]).toContain(target.start);
      const { data: shown } = await call("get_appointment", { appointmentId: appointment.id });
      expect(shown.appointment.status).toBe("canceled");
    });
  },
);

describe("read-only mode through the built binary", () => {
  let client: Client;
  beforeAll(async () => {
    client = await start(["--sandbox", "--read-only"], []);
  });
  afterAll(() => client?.close());

  it("lists no write tool, and a write tool cannot be called", async () => {
    expect(WRITE_TOOLS).toEqual(
      expect.arrayContaining(["add_customer", "book_appointment", "cancel_appointment"]),
    );
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["list_services", "find_free_slots"]));
    for (const write of WRITE_TOOLS) expect(names).not.toContain(write);
    const refused = (await client.callTool({
      name: "book_appointment",
      arguments: { slotId: `4f${"a".repeat(30)}`, customerId: `d3${"a".repeat(30)}` },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
  });
});
