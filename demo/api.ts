/**
 * @module The demo's HTTPS API: a certificate from a private CA that expires in 20 days, TLS 1.0
 * still accepted, no HSTS, a version-revealing Server header — plus a plain-HTTP port that does not
 * redirect. All on loopback.
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { makeCaAndLeaf } from "../test/support/tls.js";

export interface DemoApi {
  readonly url: string;
  readonly httpUrl: string;
  readonly caPem: string;
  stop(): Promise<void>;
}

const DAY = 86_400_000;

export async function startApi(): Promise<DemoApi> {
  const { ca, leaf } = await makeCaAndLeaf({
    cn: "localhost",
    san: ["localhost", "127.0.0.1"],
    notBefore: new Date(Date.now() - 70 * DAY),
    notAfter: new Date(Date.now() + 20 * DAY),
  });
  const handler = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader("Server", "nginx/1.18.0");
    res.setHeader("X-Powered-By", "Express 4.17.1");
    res.setHeader("Set-Cookie", "session=demo; Path=/");
    res.setHeader("Content-Type", "application/json");
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
