/**
 * @module Real Express APIs for the behavioural probe tests and the demo: a compliant one (jose
 * verifier pinned to RS256, issuer and audience; express-rate-limit with standard headers; no CORS;
 * TRACE refused; JSON errors) and a broken one (accepts `alg: none`, verifies HS256 with the
 * issuer's public key, ignores expiry and audience, no rate limit, reflects any origin with
 * credentials, echoes TRACE, Express's default error pages with stack traces). Every request is
 * counted server-side.
 */
import { createHmac, createPublicKey, type JsonWebKey } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { compactVerify, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import type { RunningOidcProvider } from "./oidc.js";

/**
 * The `endpoint` connection of an API behind `idp`: the sample `tokens`, and the client-credentials
 * grant of the provider's test client (for a fresh, valid token).
 */
export function apiConnection(idp: RunningOidcProvider, url: string, tokens: readonly string[]) {
  const { clientId: client_id, clientSecret: client_secret, tokenUrl: token_url, resource } = idp;
  return {
    url,
    issuer: idp.issuer,
    tokens: [...tokens],
    client_credentials: { client_id, client_secret, token_url, resource },
  };
}

export interface ApiServer {
  readonly url: string;
  /** Requests received so far (all methods, all paths). */
  readonly count: () => number;
  stop(): Promise<void>;
}

export interface ApiOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly broken: boolean;
  /** Requests per minute before 429 (compliant server only). */
  readonly limit?: number;
}

async function brokenVerify(token: string, issuer: string): Promise<boolean> {
  const header = decodeProtectedHeader(token);
  if (header.alg === "none") return decodeJwt(token).iss !== undefined;
  const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: JsonWebKey[] };
  const pem = createPublicKey({ key: jwks.keys[0] as JsonWebKey, format: "jwk" }).export({
    type: "spki",
    format: "pem",
  });
  const [h = "", p = "", s = ""] = token.split(".");
  if (header.alg === "HS256") return createHmac("sha256", String(pem)).update(`${h}.${p}`).digest("base64url") === s;
  await compactVerify(token, createRemoteJWKSet(new URL(`${issuer}/jwks`))); // signature only: no exp, no aud
  return true;
}

export async function startApi(o: ApiOptions): Promise<ApiServer> {
  let count = 0;
  const app = express();
  app.use((_req, _res, next) => {
    count += 1;
    next();
  });
  const jwks = createRemoteJWKSet(new URL(`${o.issuer}/jwks`));
  if (o.broken) {
    app.set("env", "test"); // keeps the stack traces in the error pages, but not on our stderr
    app.use((req, res, next) => {
      if (req.headers.origin) {
        res.setHeader("access-control-allow-origin", req.headers.origin);
        res.setHeader("access-control-allow-credentials", "true");
      }
      if (req.method === "TRACE") return void res.type("message/http").send(`TRACE ${req.url} HTTP/1.1`);
      next();
    });
  } else {
    app.disable("x-powered-by");
    app.use(rateLimit({ windowMs: 60_000, limit: o.limit ?? 20, standardHeaders: "draft-8", legacyHeaders: false }));
    app.use((req, res, next) =>
      req.method === "TRACE" ? void res.status(405).json({ error: "method not allowed" }) : next(),
    );
  }
  const requireToken = (req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!token) return void res.status(401).json({ error: "token required" });
    const check = o.broken
      ? brokenVerify(token, o.issuer)
      : jwtVerify(token, jwks, { issuer: o.issuer, audience: o.audience, algorithms: ["RS256"] }).then(() => true);
    check.then(
      (ok) => (ok ? next() : res.status(401).json({ error: "invalid token" })),
      () => res.status(401).json({ error: "invalid token" }),
    );
  };
  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  app.get("/health/:part", (req, res) => void res.json({ part: req.params.part }));
  app.get("/api/orders", requireToken, (_req, res) => void res.json({ orders: [] }));
  if (!o.broken) {
    app.use((_req, res) => void res.status(404).json({ error: "not found" }));
    app.use(
      (_err: unknown, _req: Request, res: Response, _next: NextFunction) =>
        void res.status(400).json({ error: "bad request" }),
    );
  }
  const server: Server = await new Promise((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    count: () => count,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
