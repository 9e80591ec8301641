/** `name:token` in BOOKINGTIME_MCP_TOKENS names the token for the policy file and the logs. */
const NAMED = /^([A-Za-z0-9_.-]{1,64}):(.+)$/;

export interface StaticToken {
  name: string | undefined;
  token: string;
}

export function splitNamedToken(entry: string): StaticToken {
  const named = NAMED.exec(entry);
  return named?.[1] && named[2]
    ? { name: named[1], token: named[2] }
    : { name: undefined, token: entry };
}
