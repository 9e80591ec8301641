import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider from "oidc-provider";
import { request } from "undici";

export const ALL = "bookingtime:read bookingtime:write bookingtime:cancel";

export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** The scopes this client may ask for. */
  scope: string;
  /** Extra claims in its access tokens (groups, bookingtime_organizations). */
  claims?: Record<string, unknown>;
  redirectUris?: string[];
}

/**
 * A real OAuth 2.1 / OpenID authorization server (the certified oidc-provider) on 127.0.0.1,
 * issuing RFC 9068 JWT access tokens for whatever resource indicator is asked (RFC 8707).
 */
export interface AuthorizationServer {
  issuer: string;
  /** The signing key's private JWK: tests sign forged tokens with it. */
  privateJwk: JWK;
  publicJwk: JWK;
  /** How often the JWKS was fetched. */
  jwksFetches: number;
  /** client_credentials grant; the token's audience is `resource`. */
  token(clientId: string, resource: string, scope?: string): Promise<string>;
  /** Replaces the signing key (a rotation): new tokens carry a new kid, old keys are dropped. */
  rotate(): Promise<void>;
  close(): Promise<void>;
}

async function signingKey(kid: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { privateJwk, publicJwk };
}

export async function startAuthorizationServer(
  clients: readonly TestClient[],
): Promise<AuthorizationServer> {
  let handler: ReturnType<Provider["callback"]> | undefined;
  let generation = 0;
  const state = { jwksFetches: 0 };
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith("/jwks")) state.jwksFetches++;
    handler?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byId = new Map(clients.map((c) => [c.clientId, c]));
  let keys = await signingKey(`key-${generation}`);

  const build = () => {
    const provider = new Provider(issuer, {
      clients: clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        grant_types: c.redirectUris
          ? ["client_credentials", "authorization_code"]
          : ["client_credentials"],
        redirect_uris: c.redirectUris ?? [],
        response_types: c.redirectUris ? ["code"] : [],
        scope: c.scope,
      })),
      scopes: ALL.split(" "),
      jwks: { keys: [keys.privateJwk] },
      routes: { jwks: "/jwks" },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          getResourceServerInfo: (_ctx: unknown, resourceIndicator: string) => ({
            scope: ALL,
            audience: resourceIndicator,
            accessTokenTTL: 300,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          }),
        },
      },
      ttl: { ClientCredentials: 300 },
      extraTokenClaims: (_ctx: unknown, token: { clientId?: unknown }) =>
        byId.get(String(token.clientId))?.claims,
    });
    handler = provider.callback();
  };
  build();

  return {
    issuer,
    get privateJwk() {
      return keys.privateJwk;
    },
    get publicJwk() {
      return keys.publicJwk;
    },
    get jwksFetches() {
      return state.jwksFetches;
    },
    async token(clientId, resource, scope) {
      const client = byId.get(clientId);
      if (!client) throw new Error(`no client ${clientId}`);
      const res = await request(`${issuer}/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
        },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          resource,
          scope: scope ?? client.scope,
        }).toString(),
      });
      const body = (await res.body.json()) as { access_token?: string };
      if (res.statusCode !== 200 || !body.access_token) {
        throw new Error(`token request failed: ${res.statusCode} ${JSON.stringify(body)}`);
      }
      return body.access_token;
    },
    async rotate() {
      generation++;
      keys = await signingKey(`key-${generation}`);
      build();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
