import { pool } from "./proc.mjs";
import { assertOk, benchCredentials, connectStdio, getOrganization, serverEnv } from "./server.mjs";

/** Many concurrent calls over three organizations: how many grants and exchanges reach the sandbox. */
export async function tokenExchanges(
  Sandbox,
  SANDBOX_ORGANIZATIONS,
  calls = 1000,
  concurrency = 50,
) {
  const creds = benchCredentials(SANDBOX_ORGANIZATIONS);
  const sandbox = await Sandbox.start({ clients: [creds] });
  const mcp = await connectStdio(serverEnv(sandbox, creds));
  try {
    const organizations = creds.organizations;
    await pool(calls, concurrency, async (i) => {
      assertOk(await getOrganization(mcp.client, organizations[i % organizations.length]));
    });
    return {
      calls,
      organizations: organizations.length,
      concurrency,
      grants: sandbox.stats.grants,
      exchanges: sandbox.stats.exchanges,
    };
  } finally {
    await mcp.close();
    await sandbox.close();
  }
}
