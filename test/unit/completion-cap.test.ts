import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { BookingtimeApi } from "../../src/bookingtime/api.js";
import type { BookingtimeClient } from "../../src/bookingtime/client.js";
import { SecretRegistry } from "../../src/secrets.js";
import { createServer } from "../../src/server.js";

const APP = "70SandboxAppSandboxAppSandboxApp";
const id = (i: number) => `f6${String(i).padStart(30, "0")}`;

/** An app installed in 150 organizations: more than one completion answer may carry. */
const api = {
  async listAppOrganizations() {
    const records = Array.from({ length: 150 }, (_, i) => ({ id: id(i), name: `Praxis ${i}` }));
    return { records, skipped: [] };
  },
} as unknown as BookingtimeApi;

async function connect() {
  const server = createServer({
    client: {} as BookingtimeClient,
    api,
    appId: APP,
    defaultOrganizationId: id(0),
    logger: pino({ level: "silent" }),
    secrets: new SecretRegistry(),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "completion-cap", version: "1.0.0" });
  await server.connect(serverSide);
  await client.connect(clientSide);
  return client;
}

describe("completion answers through the official client", () => {
  it("carry at most 100 values, with total and hasMore", async () => {
    const client = await connect();
    const complete = async (value: string) =>
      (
        await client.complete({
          ref: { type: "ref/resource", uri: "bookingtime://organization/{id}" },
          argument: { name: "id", value },
        })
      ).completion;
    const all = await complete("praxis");
    expect(all.values).toHaveLength(100);
    expect(all).toMatchObject({ total: 150, hasMore: true });
    expect(all.values[0]).toBe(id(0));
    const few = await complete("praxis 14");
    // "Praxis 14", "Praxis 140" … "Praxis 149": the name's words start with what was typed.
    expect(few).toMatchObject({ total: 11, hasMore: false });
    await client.close();
  });
});
