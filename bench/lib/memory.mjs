import { pool, rssMb } from "./proc.mjs";
import { assertOk, benchCredentials, connectStdio, getOrganization, serverEnv } from "./server.mjs";
import { round, slope } from "./stats.mjs";

const SAMPLES = 10;

/**
 * Resident memory of the server process (not the sandbox: that runs in the bench) after start
 * and after `calls` tool calls, sampled along the way so a growth trend would show.
 */
export async function memory(Sandbox, SANDBOX_ORGANIZATIONS, calls = 10_000, concurrency = 10) {
  const creds = benchCredentials(SANDBOX_ORGANIZATIONS);
  const sandbox = await Sandbox.start({ clients: [creds] });
  const mcp = await connectStdio(serverEnv(sandbox, creds));
  const organizations = creds.organizations;
  try {
    const rssMbStart = rssMb(mcp.pid);
    const samples = [];
    const perSample = calls / SAMPLES;
    for (let s = 0; s < SAMPLES; s++) {
      await pool(perSample, concurrency, async (i) => {
        assertOk(await getOrganization(mcp.client, organizations[i % organizations.length]));
      });
      samples.push(round(rssMb(mcp.pid), 1));
    }
    // The later half is where a leak shows once start-up allocation has settled.
    const half = samples.slice(SAMPLES / 2);
    return {
      figures: { rssMbStart: round(rssMbStart, 1), rssMbAfter: samples.at(-1), calls },
      notes: { samples, mbPer1000LateSlope: round((slope(half) * 1000) / perSample, 2) },
    };
  } finally {
    await mcp.close();
    await sandbox.close();
  }
}
