import type { IncomingMessage, ServerResponse } from "node:http";
import type { Access } from "../access/access.js";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";
import { authenticate, type Credentials } from "./authenticate.js";
import { MAX_BODY_BYTES } from "./body.js";
import type { HostGuard } from "./guard.js";
import { RPC, sendRpcError } from "./respond.js";

export const ORGANIZATION_HEADER = "x-bookingtime-organization";

/** Methods and headers a browser page on an allowed origin may use on /mcp. */
const CORS_HEADERS = {
  "access-control-allow-methods": "POST",
  "access-control-allow-headers":
    "authorization, content-type, accept, mcp-protocol-version, mcp-method, mcp-name, x-bookingtime-organization, last-event-id",
  "access-control-max-age": "600",
};

export interface Gate {
  guard: HostGuard;
  /** Static tokens, OAuth, the policy; no token at all with --insecure-no-auth. */
  credentials: Credentials;
}

/** What a request that passed the gate may use: its caller's access and the organization its header picked. */
export interface Admitted {
  organization: string | undefined;
  access: Access;
}

/**
 * A refusal that ends the connection: its body, if any, is never read (an unauthenticated client
 * must not make us read 100 MB), and Node closes the socket once the answer is written.
 */
export const refuse: typeof sendRpcError = (res, status, code, message, headers = {}) =>
  sendRpcError(res, status, code, message, { ...headers, connection: "close" });

/** A body over the limit: refused, so the rest of it is never read. */
export function refuseTooLarge(res: ServerResponse): void {
  refuse(res, 413, RPC.invalidRequest, `Request body too large: at most ${MAX_BODY_BYTES} bytes.`);
}

/**
 * Every check on /mcp that needs no body, in order: Host, Origin (and the CORS preflight),
 * method, throttling, token, organization header and declared size. Run before the body is
 * read, and before `100 Continue` is sent to a client that asked for it. Answers a refusal
 * itself and returns undefined then.
 */
export async function admit(
  req: IncomingMessage,
  res: ServerResponse,
  gate: Gate,
): Promise<Admitted | undefined> {
  if (!gate.guard.hostAllowed(req.headers.host)) {
    refuse(
      res,
      403,
      RPC.serverError,
      "Forbidden: this Host is not served here (see BOOKINGTIME_MCP_ALLOWED_HOSTS).",
    );
    return undefined;
  }
  const origin = req.headers.origin;
  if (!gate.guard.originAllowed(origin)) {
    refuse(
      res,
      403,
      RPC.serverError,
      "Forbidden: this Origin is not allowed (see BOOKINGTIME_MCP_ALLOWED_ORIGINS).",
    );
    return undefined;
  }
  if (origin !== undefined) {
    // An allowed browser page may read our answers, 401s included.
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-expose-headers", "www-authenticate");
    res.setHeader("vary", "origin");
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return undefined;
    }
  }
  if (req.method !== "POST") {
    // Stateless: no standalone SSE stream to GET and no session to DELETE.
    sendRpcError(
      res,
      405,
      RPC.serverError,
      "Method not allowed: this stateless server accepts only POST on /mcp.",
      { allow: "POST" },
    );
    return undefined;
  }
  const access = await authenticate(req, res, gate.credentials);
  if (!access) return undefined;
  const organization = req.headers[ORGANIZATION_HEADER];
  if (organization !== undefined && !ORGANIZATION_ID_PATTERN.test(String(organization))) {
    // The value is not echoed: a caller may have put something private in the wrong header.
    sendRpcError(
      res,
      400,
      RPC.invalidRequest,
      "X-Bookingtime-Organization must be an organization id: 'f6' followed by 30 letters or digits.",
    );
    return undefined;
  }
  if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) {
    refuseTooLarge(res);
    return undefined;
  }
  return { organization: organization === undefined ? undefined : String(organization), access };
}
