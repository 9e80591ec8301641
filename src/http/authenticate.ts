import type { IncomingMessage, ServerResponse } from "node:http";
import type { Access } from "../access/access.js";
import { type Policy, type PolicySubject, resolvePolicy } from "../access/policy.js";
import { ALL_SCOPES, SCOPES } from "../access/scopes.js";
import type { Caller } from "../audit/caller.js";
import type { Logger } from "../logger.js";
import { type AuthResult, type BearerAuth, bearerToken } from "./auth.js";
import { challenge, type ResourceServer } from "./resource-server.js";
import { RPC, sendRpcError } from "./respond.js";
import type { AuthThrottle } from "./throttle.js";

export interface Credentials {
  /** Static tokens (BOOKINGTIME_MCP_TOKENS); undefined when none are accepted. */
  auth: BearerAuth | undefined;
  /** OAuth resource-server mode; undefined when off. */
  resourceServer?: ResourceServer | undefined;
  /** BOOKINGTIME_MCP_POLICY_FILE. */
  policy?: Policy | undefined;
  throttle: AuthThrottle;
  logger: Logger;
}

/** Without a token: --insecure-no-auth on loopback. */
const ANONYMOUS: Caller = { id: "anonymous" };
/** A static token without a name. */
const STATIC: Caller = { id: "static-token" };

function refuse(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string>,
): undefined {
  // The body is never read: an unauthenticated client must not make us read 1 MB.
  sendRpcError(res, status, RPC.serverError, message, { ...headers, connection: "close" });
  return undefined;
}

/**
 * Who the request is from and what the policy gives them, or a refusal answered here:
 * 429 (throttled), 401 (no or a bad token), 403 (no scope or no policy entry), 503 (the
 * authorization server cannot be reached to check a token).
 */
export async function authenticate(
  req: IncomingMessage,
  res: ServerResponse,
  c: Credentials,
): Promise<Access | undefined> {
  if (!c.auth && !c.resourceServer) return withPolicy(res, c, { caller: ANONYMOUS }, {});
  const address = req.socket.remoteAddress ?? "unknown";
  const waitMs = c.throttle.waitMs(address);
  if (waitMs > 0) {
    return refuse(
      res,
      429,
      "Too many requests with a wrong token from this address; wait, then send a valid token.",
      { "retry-after": String(Math.ceil(waitMs / 1000)) },
    );
  }
  const token = bearerToken(req.headers.authorization);
  let result: AuthResult = token ? "invalid" : "missing";
  if (c.auth) {
    const matched = c.auth.match(token);
    if (matched.result === "ok") {
      c.throttle.succeeded(address);
      const caller = matched.name ? { id: matched.name } : STATIC;
      return withPolicy(res, c, { caller }, { tokenName: matched.name });
    }
    result = matched.result;
  }
  const rs = c.resourceServer;
  if (rs && token) {
    try {
      const identity = await rs.verifier.verify(token);
      c.throttle.succeeded(address);
      if (!ALL_SCOPES.some((s) => identity.scopes.has(s))) {
        return refuse(res, 403, `Forbidden: the token lacks the scope ${SCOPES.read}.`, {
          "www-authenticate": challenge(rs, "insufficient_scope", SCOPES.read),
        });
      }
      const access: Access = {
        caller: { id: identity.subject, clientId: identity.clientId },
        scopes: identity.scopes,
        claimedOrganizations: identity.organizations,
      };
      return withPolicy(res, c, access, { subject: identity.subject, groups: identity.groups });
    } catch (error) {
      if ((error as Error).name === "DiscoveryError") {
        return refuse(
          res,
          503,
          "The authorization server cannot be reached to check the token; try again shortly.",
          { "retry-after": "5" },
        );
      }
      // The reason (expired, audience, signature…) goes to the log; the client learns only "invalid".
      c.logger.info({ reason: (error as Error).message }, "access token refused");
      result = "invalid";
    }
  }
  // A missing token is a client not yet configured, not a guess; only wrong ones count.
  if (result === "invalid") c.throttle.failed(address);
  if (rs) {
    return refuse(res, 401, "Unauthorized: send Authorization: Bearer <access token>.", {
      "www-authenticate": challenge(rs, result === "invalid" ? "invalid_token" : undefined),
    });
  }
  return refuse(
    res,
    401,
    "Unauthorized: send Authorization: Bearer <token> with a token from BOOKINGTIME_MCP_TOKENS.",
    {
      "www-authenticate":
        result === "invalid"
          ? 'Bearer realm="bookingtime-mcp", error="invalid_token"'
          : 'Bearer realm="bookingtime-mcp"',
    },
  );
}

function withPolicy(
  res: ServerResponse,
  c: Credentials,
  access: Access,
  who: PolicySubject,
): Access | undefined {
  if (!c.policy) return access;
  const policy = resolvePolicy(c.policy, who);
  if (policy === undefined) {
    c.logger.warn({ caller: access.caller.id }, "caller not in the policy file; refused");
    return refuse(
      res,
      403,
      "Forbidden: the server's policy file gives this caller no access; ask its operator to add you.",
      {},
    );
  }
  return { ...access, policy };
}
