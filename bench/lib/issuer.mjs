import { createServer } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/**
 * The smallest OAuth issuer the server accepts: OpenID discovery and a JWKS on 127.0.0.1, and
 * one signed access token. The server fetches the keys once; every call then costs it one
 * RS256 signature check, which is what the figure measures.
 */
export async function startIssuer(resource) {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "bench", alg: "RS256", use: "sig" };
  const server = createServer((req, res) => {
    const body =
      req.url === "/jwks"
        ? { keys: [jwk] }
        : req.url === "/.well-known/openid-configuration"
          ? { issuer, jwks_uri: `${issuer}/jwks` }
          : undefined;
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const token = await new SignJWT({
    scope: "bookingtime:read bookingtime:write bookingtime:cancel",
    client_id: "bench",
  })
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: "bench" })
    .setSubject("bench")
    .setIssuer(issuer)
    .setAudience(resource)
    .setIssuedAt()
    .setExpirationTime("2h")
    .sign(privateKey);
  return { issuer, token, close: () => new Promise((resolve) => server.close(resolve)) };
}
