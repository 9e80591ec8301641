import { describe, expect, it } from "vitest";
import {
  SANDBOX_BOOKING,
  SANDBOX_ORGANIZATIONS,
  Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";
import { bookingSteps, data, useBookingHarness } from "../helpers/booking.js";
import { type Harness, textOf } from "../helpers/harness.js";
import { newToken, RPC_HEADERS, startHttpHarness, toolCallBody } from "../helpers/http-harness.js";

const { acme } = SANDBOX_ORGANIZATIONS;
const A = SANDBOX_BOOKING.acme;

let h: Harness;
const { customer, slots } = bookingSteps(() => h);
const writes = (suffix: string) =>
  h.sandbox.requests.filter((r) => r.path.endsWith(suffix) && r.method !== "GET");

async function bookedAndTarget() {
  const customerId = await customer();
  const [slot] = await slots({ from: "2026-03-24", staffId: A.jonas });
  const booked = data(await h.call("book_appointment", { slotId: slot.id, customerId }));
  const [target] = await slots({ from: "2026-03-26", staffId: A.jonas });
  return { customerId, appointmentId: booked.appointment.id as string, target };
}

useBookingHarness((harness) => {
  h = harness;
});

describe("changes to existing data are confirmed by a person where possible", () => {
  it("move, cancel and update_customer are annotated destructive", async () => {
    const tools = (await h.client.listTools()).tools;
    for (const name of ["move_appointment", "cancel_appointment", "update_customer"]) {
      const tool = tools.find((t) => t.name === name);
      expect(tool?.annotations?.destructiveHint, name).toBe(true);
      expect(tool?.inputSchema.properties).toHaveProperty("confirm");
    }
  });

  it("move_appointment without confirm moves nothing and says what would be moved", async () => {
    const { appointmentId, target } = await bookedAndTarget();
    const r = await h.call("move_appointment", { appointmentId, slotId: target.id });
    expect(r.isError).toBeFalsy();
    expect(data(r)).toMatchObject({ moved: false, appointment: { id: appointmentId } });
    expect(textOf(r)).toMatch(/^Not moved: confirm is not true/);
    expect(writes("/move")).toHaveLength(0);
  });

  it("move_appointment asks the person through elicitation; a decline moves nothing", async () => {
    const asked: string[] = [];
    await h.reconnect({
      elicit: (message) => {
        asked.push(message);
        return { action: "decline" };
      },
    });
    const { appointmentId, target } = await bookedAndTarget();
    // confirm: true from the model does not replace the person's answer.
    const r = await h.call("move_appointment", { appointmentId, slotId: target.id, confirm: true });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(
      /^Move the "Haircut" appointment of "Ada Lovelace" with "Jonas Weber" on Tue 24 Mar 2026, .* to Thu 26 Mar 2026, \d\d:\d\d \(Europe\/Berlin\)\?$/,
    );
    expect(data(r)).toMatchObject({ moved: false, reason: "the user did not confirm." });
    expect(writes("/move")).toHaveLength(0);
  });

  it("move_appointment moves once the person accepts", async () => {
    const { appointmentId, target } = await bookedAndTarget();
    await h.reconnect({ elicit: () => ({ action: "accept", confirm: true }) });
    const r = await h.call("move_appointment", { appointmentId, slotId: target.id });
    expect(data(r)).toMatchObject({ moved: true, appointment: { start: target.start } });
    expect(writes("/move")).toHaveLength(1);
  });

  it("update_customer without confirm changes nothing; the question shows old and new values", async () => {
    const customerId = await customer();
    const r = await h.call("update_customer", { customerId, email: "ada@new.example" });
    expect(data(r)).toMatchObject({ updated: false, changed: [] });
    expect(writes("/edit")).toHaveLength(0);
    const asked: string[] = [];
    await h.reconnect({
      elicit: (message) => {
        asked.push(message);
        return { action: "accept", confirm: true };
      },
    });
    const done = await h.call("update_customer", { customerId, email: "ada@new.example" });
    expect(asked[0]).toMatch(
      /^Change customer "Ada Lovelace" \(d3\w+\): email .* → "ada@new\.example"\?$/,
    );
    expect(data(done)).toMatchObject({ updated: true, changed: ["email"] });
    expect(writes("/edit")).toHaveLength(1);
  });
});

describe("BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION", () => {
  it("refuses destructive calls that no person confirmed, even with confirm: true", async () => {
    const { appointmentId, target, customerId } = await bookedAndTarget();
    await h.reconnect({ requireHumanConfirmation: true });
    for (const [tool, args] of [
      ["cancel_appointment", { appointmentId, confirm: true }],
      ["move_appointment", { appointmentId, slotId: target.id, confirm: true }],
      ["update_customer", { customerId, mobile: "+49 170 1234567", confirm: true }],
    ] as const) {
      const r = await h.call(tool, args);
      expect(r.isError, tool).toBe(true);
      expect(textOf(r)).toMatch(/only makes this change after a person confirms it/);
      expect(textOf(r)).toMatch(/What to do: /);
    }
    expect(writes("/cancel")).toHaveLength(0);
    expect(writes("/move")).toHaveLength(0);
    expect(writes("/edit")).toHaveLength(0);
    expect(h.sandbox.appointments(acme)[0]?.canceled).toBe(false);
  });

  it("still acts on a person's yes through elicitation", async () => {
    const { appointmentId } = await bookedAndTarget();
    await h.reconnect({
      requireHumanConfirmation: true,
      elicit: () => ({ action: "accept", confirm: true }),
    });
    const r = await h.call("cancel_appointment", { appointmentId });
    expect(data(r)).toMatchObject({ canceled: true });
    expect(writes("/cancel")).toHaveLength(1);
  });
});

describe("BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION in remote mode (HTTP cannot ask)", () => {
  it("refuses a change with confirm: true, saying why, and sends no write", async () => {
    const sandbox = await Sandbox.start();
    const token = newToken();
    const http = await startHttpHarness(sandbox, {
      tokens: [token],
      requireHumanConfirmation: true,
    });
    try {
      const reply = await http.raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
        body: toolCallBody("update_customer", {
          customerId: "d3AcmeCust0000000000000000000003",
          email: "ada@new.example",
          confirm: true,
        }),
      });
      const result = (reply.json as { result: { isError?: boolean; content: { text: string }[] } })
        .result;
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toMatch(/connects over HTTP, where the server cannot ask/);
      expect(sandbox.requests.filter((r) => r.path.endsWith("/edit"))).toHaveLength(0);
    } finally {
      await http.close();
      await sandbox.close();
    }
  });
});
