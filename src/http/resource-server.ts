import type { ServerResponse } from "node:http";
import { ALL_SCOPES } from "../access/scopes.js";
import type { TokenIdentity } from "./oauth.js";
import { sendJson } from "./respond.js";

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

/** OAuth resource-server mode: this server accepts access tokens from `issuer` for `resource`. */
export interface ResourceServer {
  issuer: string;
  /** BOOKINGTIME_MCP_RESOURCE_URL: the public URL of /mcp, the audience tokens must carry. */
  resource: string;
  verifier: { verify(token: string): Promise<TokenIdentity> };
}

/** RFC 9728 section 3.1: the well-known segment goes between the host and the resource's path. */
export function metadataUrl(resource: string): string {
  const url = new URL(resource);
  return `${url.origin}${WELL_KNOWN}${url.pathname.replace(/\/+$/, "")}`;
}

/** Served at the path-suffixed location and, for clients that try it first, at the bare one. */
export function isMetadataPath(path: string, resource: string): boolean {
  const suffix = new URL(resource).pathname.replace(/\/+$/, "");
  return path === WELL_KNOWN || path === `${WELL_KNOWN}${suffix}` || path === `${WELL_KNOWN}/mcp`;
}

export function sendMetadata(
  res: ServerResponse,
  method: string | undefined,
  rs: ResourceServer,
): void {
  // Public by design (any MCP client, browser-based ones too, reads it before it has a token).
  const cors = { "access-control-allow-origin": "*" };
  if (method === "OPTIONS") {
    res.writeHead(204, { ...cors, "access-control-allow-methods": "GET" });
    res.end();
    return;
  }
  if (method !== "GET" && method !== "HEAD") {
    sendJson(res, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
    return;
  }
  sendJson(
    res,
    200,
    {
      resource: rs.resource,
      authorization_servers: [rs.issuer],
      scopes_supported: ALL_SCOPES,
      bearer_methods_supported: ["header"],
      resource_name: "bookingtime-mcp",
    },
    cors,
  );
}

/** The WWW-Authenticate value of a 401 (missing or invalid token) or 403 (insufficient_scope). */
export function challenge(
  rs: ResourceServer,
  error?: "invalid_token" | "insufficient_scope",
  scope: string = ALL_SCOPES.join(" "),
): string {
  const parts = [`resource_metadata="${metadataUrl(rs.resource)}"`, `scope="${scope}"`];
  if (error) parts.push(`error="${error}"`);
  return `Bearer ${parts.join(", ")}`;
}
