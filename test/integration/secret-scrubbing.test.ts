import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { SecretRegistry } from "../../src/secrets.js";
import { createServer } from "../../src/server.js";
import { LogCapture } from "../helpers/log-capture.js";

const ORG = "f6EchoEchoEchoEchoEchoEchoEcho00";
const CUSTOMER = "d3EchoEchoEchoEchoEchoEchoEcho00";
const CLIENT_SECRET = "cs-very-secret-value-4711";
// Not JWT-shaped: only the registry of live secrets can recognise these.
const REFRESH = "rt-plain-refresh-0123456789abcdef";
const ACCESS = "at-plain-access-0123456789abcdef";

/**
 * A loopback bookingtime that echoes the access token it was sent back in every place an
 * answer can carry text: a message's `type`, record fields, nested fields, list items.
 */
function echoUpstream(): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      if (req.url === "/oauth/token") {
        const form = new URLSearchParams(body);
        return form.get("grant_type") === "client_credentials"
          ? send(200, { refresh_token: REFRESH, expires_in: 2592000 })
          : send(200, { access_token: ACCESS, expires_in: 300 });
      }
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      const echo = [{ type: token, parameter: null, text: `seen ${token}` }];
      if (req.url?.includes("/customer/filter/")) {
        return send(422, {
          messageList: [
            { type: token, parameter: "searchQuery", text: `bad query for ${token}` },
            { type: "ERROR", parameter: null, text: `${CLIENT_SECRET} ${REFRESH}` },
          ],
          content: null,
        });
      }
      if (req.url?.includes(`/customer/${CUSTOMER}/show`)) {
        return send(200, {
          messageList: echo,
          content: {
            id: CUSTOMER,
            firstName: `Echo ${token}`,
            lastName: "Smith",
            notes: { deeper: { value: `token=${token}` }, list: [token] },
          },
        });
      }
      if (req.url?.includes(`/organization/${ORG}/show`)) {
        return send(200, {
          messageList: echo,
          content: { id: ORG, name: `Org ${token}`, settings: { timeZone: "Europe/Berlin" } },
        });
      }
      send(404, { messageList: [{ type: token, parameter: null, text: "not found" }] });
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("secrets are scrubbed from every log line and every result, whatever field carries them", () => {
  let upstream: Server;
  let runtime: Runtime;
  let client: Client;
  const logs = new LogCapture();
  const leaked = (text: string) =>
    [CLIENT_SECRET, REFRESH, ACCESS].filter((secret) => text.includes(secret));

  beforeAll(async () => {
    upstream = await echoUpstream();
    const { port } = upstream.address() as AddressInfo;
    const secrets = new SecretRegistry();
    const logger = createLogger("trace", secrets, logs);
    runtime = createRuntime(
      {
        apiUrl: `http://127.0.0.1:${port}/app/v3`,
        authUrl: `http://127.0.0.1:${port}/oauth/token`,
        clientId: "echo-client",
        clientSecret: CLIENT_SECRET,
        locale: "en",
        timeoutMs: 2_000,
      },
      logger,
      secrets,
    );
    const server = createServer({
      client: runtime.client,
      defaultOrganizationId: ORG,
      logger,
      secrets: runtime.secrets,
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: "scrub-test", version: "1.0.0" });
    await server.connect(b);
    await client.connect(a);
  });
  afterAll(async () => {
    await client.close();
    await runtime.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  it("a record echoing the access token in fields, nested fields and list items", async () => {
    const result = await call("get_customer", { customerId: CUSTOMER });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(leaked(JSON.stringify(result))).toEqual([]);
    expect(JSON.stringify(result.structuredContent)).toContain("[redacted]");
  });

  it("a refusal echoing the token in a message's type and text, and the client secret and refresh token", async () => {
    const result = await call("find_customers", { query: "x" });
    expect(result.isError).toBe(true);
    expect(leaked(JSON.stringify(result))).toEqual([]);
  });

  it("an organization name echoing the token, in the full view", async () => {
    const result = await call("get_organization", { view: "full" });
    expect(leaked(JSON.stringify(result))).toEqual([]);
  });

  it("no log line holds any of them, at trace level", () => {
    expect(logs.lines.length).toBeGreaterThan(3);
    expect(leaked(logs.text)).toEqual([]);
    // The refusal was logged with its messages, the echoed type among them, scrubbed.
    expect(logs.text).toContain("bookingtime refused a request");
  });
});
