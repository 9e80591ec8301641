import { assertOk, benchCredentials, connectStdio, serverEnv } from "./server.mjs";

const text = (result) => result.content.find((c) => c.type === "text")?.text ?? "";
const bytes = (s) => Buffer.byteLength(s);

/** The next weekday after today in Berlin (the sandbox is closed at weekends), as YYYY-MM-DD. */
function nextWeekday(nowMs) {
  for (let d = 1; d < 8; d++) {
    const at = new Date(nowMs + d * 86_400_000);
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(at);
    const weekday = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin",
      weekday: "short",
    }).format(at);
    if (weekday !== "Sat" && weekday !== "Sun") return day;
  }
  throw new Error("no weekday within a week");
}

const plusDays = (date, n) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A booking as a model makes it: list_services → find_free_slots → add_customer →
 * book_appointment by time (the start and staff key it read in the free times). Counts calls
 * and the text bytes each result puts in the model's context.
 */
async function bookAsModel(client, range, pick) {
  const steps = {};
  const call = async (name, args) => {
    const result = assertOk(await client.callTool({ name, arguments: args }));
    steps[name] = bytes(text(result));
    return result.structuredContent;
  };
  const { services } = await call("list_services", {});
  const haircut = services.find((s) => s.name === "Haircut");
  const free = await call("find_free_slots", { serviceId: haircut.id, ...range });
  const day = free.days[pick.day] ?? free.days[0];
  const [start, staffId] = day.times[Math.min(pick.time, day.times.length - 1)].split(" ");
  const { customer } = await call("add_customer", { firstName: "Ada", lastName: "Lovelace" });
  const booked = await call("book_appointment", {
    serviceId: haircut.id,
    date: day.date,
    start,
    staffId,
    customerId: customer.id,
  });
  if (!booked.appointment) throw new Error("not booked");
  const calls = Object.keys(steps).length;
  const totalBytes = Object.values(steps).reduce((a, b) => a + b, 0);
  return { calls, totalBytes, steps, startsListed: free.total };
}

export async function ergonomics(Sandbox, SANDBOX_ORGANIZATIONS) {
  const creds = benchCredentials(SANDBOX_ORGANIZATIONS);
  const sandbox = await Sandbox.start({ clients: [creds] });
  const env = serverEnv(sandbox, creds, {
    BOOKINGTIME_ORGANIZATION_ID: SANDBOX_ORGANIZATIONS.acme,
  });
  const mcp = await connectStdio(env);
  try {
    const from = nextWeekday(Date.now());
    const day = await bookAsModel(mcp.client, { from }, { day: 0, time: 8 });
    const week = await bookAsModel(
      mcp.client,
      { from, to: plusDays(from, 6) },
      { day: 2, time: 12 },
    );
    // The same day's search with per-slot ids (detail: true), the shape before issue 15.
    const detail = assertOk(
      await mcp.client.callTool({
        name: "find_free_slots",
        arguments: {
          serviceId: (await mcp.client.callTool({ name: "list_services", arguments: {} }))
            .structuredContent.services[0].id,
          from,
          detail: true,
        },
      }),
    );
    return { day, week, detailDayFindBytes: bytes(text(detail)) };
  } finally {
    await mcp.close();
    await sandbox.close();
  }
}
