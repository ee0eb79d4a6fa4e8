/**
 * @module The demo's HTTPS API: a certificate from a private CA that expires in 20 days, TLS 1.0
 * still accepted, no HSTS, a version-revealing Server header — plus a plain-HTTP port that does not
 * redirect. Its protected route `/api/orders` verifies RS256 tokens of the demo IdP properly but
 * also accepts unsigned (`alg: none`) ones, and nothing limits the request rate. All on loopback.
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { makeCaAndLeaf } from "../test/support/tls.js";

export interface DemoApi {
  readonly url: string;
  readonly httpUrl: string;
  readonly caPem: string;
  stop(): Promise<void>;
}

const DAY = 86_400_000;

/** The flawed check: a real verification for signed tokens, but `alg: none` waved through. */
async function tokenAccepted(req: http.IncomingMessage, idp: { issuer: string; audience: string }): Promise<boolean> {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (!token) return false;
  try {
    if (decodeProtectedHeader(token).alg === "none") return decodeJwt(token).iss === idp.issuer;
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    await jwtVerify(token, jwks, { issuer: idp.issuer, audience: idp.audience });
    return true;
  } catch {
    return false;
  }
}

export async function startApi(idp: Promise<{ issuer: string; audience: string }>): Promise<DemoApi> {
  const { ca, leaf } = await makeCaAndLeaf({
    cn: "localhost",
    san: ["localhost", "127.0.0.1"],
    notBefore: new Date(Date.now() - 70 * DAY),
    notAfter: new Date(Date.now() + 20 * DAY),
  });
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader("Server", "nginx/1.18.0");
    res.setHeader("X-Powered-By", "Express 4.17.1");
    res.setHeader("Content-Type", "application/json");
    if (req.url?.startsWith("/api/orders")) {
      void idp
        .then((i) => tokenAccepted(req, i))
        .then((ok) => {
          res.statusCode = ok ? 200 : 401;
          res.end(JSON.stringify(ok ? { orders: [] } : { error: "invalid token" }));
        });
      return;
    }
    res.setHeader("Set-Cookie", "session=demo; Path=/");
    res.end(JSON.stringify({ service: "etl-api", status: "ok" }));
  };
  const tls = https.createServer(
    { cert: leaf.cert, key: leaf.key, minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" },
    handler,
  );
  const plain = http.createServer(handler);
  await Promise.all([
    new Promise<void>((r) => tls.listen(0, "127.0.0.1", r)),
    new Promise<void>((r) => plain.listen(0, "127.0.0.1", r)),
  ]);
  const close = (s: http.Server) =>
    new Promise<void>((r) => {
      s.closeAllConnections();
      s.close(() => r());
    });
  return {
    url: `https://localhost:${(tls.address() as AddressInfo).port}/health`,
    httpUrl: `http://localhost:${(plain.address() as AddressInfo).port}/health`,
    caPem: ca.cert,
    stop: async () => {
      await Promise.all([close(tls), close(plain)]);
    },
  };
}
