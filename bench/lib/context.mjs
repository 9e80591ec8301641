import { accessToken, directClient } from "./call-overhead.mjs";
import { assertOk, benchCredentials, connectStdio, getOrganization, serverEnv } from "./server.mjs";
import { round } from "./stats.mjs";

const bytes = (value) =>
  Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value));

/**
 * What the model pays for: the tools/list answer in the default configuration (in full, and the
 * part hosts put into the model's context), and ACME's organization as the raw API content
 * versus the text of the default (compact) tool result.
 */
export async function context(Sandbox, SANDBOX_ORGANIZATIONS) {
  const creds = benchCredentials(SANDBOX_ORGANIZATIONS);
  const sandbox = await Sandbox.start({ clients: [creds] });
  const org = SANDBOX_ORGANIZATIONS.acme;
  const mcp = await connectStdio(serverEnv(sandbox, creds));
  const direct = directClient(sandbox, await accessToken(sandbox, creds, org), org);
  try {
    const tools = await mcp.client.listTools();
    const raw = await direct.get();
    const result = assertOk(await getOrganization(mcp.client, org));
    const text = result.content.find((c) => c.type === "text")?.text ?? "";
    const orgRawBytes = bytes(raw.content);
    const orgCompactBytes = bytes(text);
    return {
      figures: {
        toolsListBytes: bytes(tools),
        // Output schemas and icons are for the client; hosts send the model the rest.
        toolsListContextBytes: bytes({
          tools: tools.tools.map(({ outputSchema: _o, icons: _i, ...rest }) => rest),
        }),
        orgRawBytes,
        orgCompactBytes,
        compactRatio: round(orgCompactBytes / orgRawBytes),
      },
      notes: {
        tools: tools.tools.length,
        structuredBytes: bytes(result.structuredContent),
      },
    };
  } finally {
    await mcp.close();
    await direct.close();
    await sandbox.close();
  }
}
