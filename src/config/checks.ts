/** Bearer tokens shorter than this are refused at start: they can be guessed or brute-forced. */
export const MIN_TOKEN_LENGTH = 32;

/**
 * Token values printed in our own examples (deploy/kubernetes.yaml, the README): anyone who read
 * them could use a server that kept them. Compared case-insensitively.
 */
export const PLACEHOLDER_TOKENS: readonly string[] = [
  "replace-with-a-long-random-token",
  "your-token",
  "your-mcp-token",
  "changeme",
  "change-me",
  "...",
];

/** Why a configured bearer token cannot be used, or undefined. Never quotes the token. */
export function tokenProblem(token: string, position: number): string | undefined {
  const which = `BOOKINGTIME_MCP_TOKENS (item ${position})`;
  if (PLACEHOLDER_TOKENS.includes(token.toLowerCase())) {
    return `${which} is the example value from the documentation; set a long random token, for example $(openssl rand -base64 32).`;
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    return `${which} is shorter than ${MIN_TOKEN_LENGTH} characters, so it can be guessed; use a long random token, for example $(openssl rand -base64 32).`;
  }
  return undefined;
}

/**
 * bookingtime's API lives under /app/v3; a URL without it (the bare host, say) makes every call a
 * 404 that reads like a wrong id. A warning, not a refusal: a proxy may map another path to it.
 */
export function apiUrlHint(apiUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return undefined;
  }
  if (/\/app\/v3$/.test(url.pathname.replace(/\/+$/, ""))) return undefined;
  // Credentials in the URL are left out of the log line.
  url.username = "";
  url.password = "";
  return `BOOKINGTIME_API_URL ${url.origin}${url.pathname.replace(/\/+$/, "")} does not end in /app/v3, where bookingtime's API lives (https://api.bookingtime.com/app/v3); calls will likely fail with 404. Add /app/v3 unless a proxy maps this path.`;
}
