import { Agent, request } from "undici";
import { assertOk, connectStdio, getOrganization, serverEnv } from "./server.mjs";
import { startStandaloneSandbox } from "./standalone.mjs";
import { percentile, round } from "./stats.mjs";

const BLOCK = 50;

async function tokenRequest(sandbox, form) {
  const res = await request(sandbox.authUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  if (res.statusCode !== 200) throw new Error(`token endpoint answered ${res.statusCode}`);
  return res.body.json();
}

/** A valid access token for one organization, obtained the way the server obtains one. */
export async function accessToken(sandbox, creds, organizationId) {
  const grant = await tokenRequest(sandbox, {
    grant_type: "client_credentials",
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
  });
  const exchange = await tokenRequest(sandbox, {
    grant_type: "refresh_token",
    client_id: creds.clientId,
    refresh_token: grant.refresh_token,
    organization_id: organizationId,
  });
  return exchange.access_token;
}

/** The same GET organization/show the tool makes, straight to the sandbox over a kept-alive connection. */
export function directClient(sandbox, token, organizationId) {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const url = `${sandbox.apiUrl}/en/organization/${organizationId}/show`;
  const headers = { authorization: `Bearer ${token}`, accept: "application/json" };
  return {
    async get() {
      const res = await request(url, { dispatcher, headers });
      const body = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`direct request answered ${res.statusCode}`);
      return body;
    },
    close: () => dispatcher.close(),
  };
}

/** get_organization through MCP over stdio vs. the bare HTTP request, in alternating blocks. */
export async function callOverhead(SANDBOX_DEFAULT_CLIENT, SANDBOX_ORGANIZATIONS, calls = 1000) {
  const creds = SANDBOX_DEFAULT_CLIENT;
  const sandbox = await startStandaloneSandbox();
  const org = SANDBOX_ORGANIZATIONS.acme;
  const mcp = await connectStdio(serverEnv(sandbox, creds, { BOOKINGTIME_ORGANIZATION_ID: org }));
  const direct = directClient(sandbox, await accessToken(sandbox, creds, org), org);
  try {
    for (let i = 0; i < 100; i++) {
      assertOk(await getOrganization(mcp.client));
      await direct.get();
    }
    const viaMcp = [];
    const viaDirect = [];
    // The floor of any MCP call: a ping through the same SDK client, pipe and SDK server.
    const pings = [];
    for (let done = 0; done < calls; done += BLOCK) {
      for (let i = 0; i < BLOCK; i++) {
        const t = performance.now();
        assertOk(await getOrganization(mcp.client));
        viaMcp.push(performance.now() - t);
      }
      for (let i = 0; i < BLOCK; i++) {
        const t = performance.now();
        await direct.get();
        viaDirect.push(performance.now() - t);
      }
      for (let i = 0; i < BLOCK / 5; i++) {
        const t = performance.now();
        await mcp.client.ping();
        pings.push(performance.now() - t);
      }
    }
    const p = (s, q) => percentile(s, q);
    const figures = {
      mcpP50: round(p(viaMcp, 50)),
      mcpP99: round(p(viaMcp, 99)),
      directP50: round(p(viaDirect, 50)),
      directP99: round(p(viaDirect, 99)),
      addedP50: round(p(viaMcp, 50) - p(viaDirect, 50)),
      addedP99: round(p(viaMcp, 99) - p(viaDirect, 99)),
      calls,
    };
    return { figures, notes: { pingP50: round(p(pings, 50)), pingP99: round(p(pings, 99)) } };
  } finally {
    await mcp.close();
    await direct.close();
    await sandbox.close();
  }
}
