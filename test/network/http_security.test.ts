import assert from "node:assert/strict";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import httpSecurity from "../../src/probes/http_security/index.js";
import { assertWellFormed, casesOn, runOnce, testProbe } from "../../src/probes/tester.js";
import { makeCaAndLeaf } from "../support/tls.js";
import { closedPort, endpoint, pemFile } from "./servers.js";

const { ca, leaf } = await makeCaAndLeaf();
const caFile = pemFile("http-ca.pem", ca.cert);
const closers: (() => void)[] = [];
after(() => closers.forEach((c) => c()));

async function serve(server: http.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

/** An HTTPS site answering every request with `headers`. */
const site = (headers: http.OutgoingHttpHeaders) =>
  serve(https.createServer({ key: leaf.key, cert: leaf.cert }, (_req, res) => res.writeHead(200, headers).end("ok")));
const hardened = await site({
  "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
  "content-security-policy": "default-src 'self'",
  server: "nginx",
  "set-cookie": ["__Host-session=s3cr3t-session-value; Path=/; Secure; HttpOnly; SameSite=Lax", "theme=dark; Path=/"],
});
const careless = await site({
  "strict-transport-security": "max-age=86400",
  server: "Apache/2.4.57 (Unix)",
  "x-powered-by": "PHP/8.2.1",
  "content-security-policy-report-only": "default-src 'self'",
  "set-cookie": ["PHPSESSID=abcdef0123456789; Path=/", "auth_token=zzz; Secure; HttpOnly; SameSite=None"],
});
const redirector = await serve(
  http.createServer((req, res) => {
    res.writeHead(301, { location: `https://localhost${req.url ?? "/"}` });
    res.end();
  }),
);
const plainContent = await serve(http.createServer((_req, res) => res.end("hello over plain HTTP")));

/** The hardened or careless site, with the plain-HTTP URL expected to redirect to it. */
const endpointOf = (site: number, plain: number) =>
  endpoint({
    url: `https://127.0.0.1:${site}/`,
    servername: "localhost",
    ca: caFile,
    http_url: `http://127.0.0.1:${plain}/`,
  });
const good = await endpointOf(hardened, redirector);
const bad = await endpointOf(careless, plainContent);
const noHttp = await endpointOf(hardened, await closedPort());

const params = { hsts_min_max_age: 31536000, hsts_include_subdomains: true };

testProbe(httpSecurity, {
  invalidParams: [{ name: "negative max-age", params: { hsts_min_max_age: -1 } }],
  cases: [
    ...casesOn(
      "endpoint",
      params,
      [
        [
          "a hardened site passes HSTS, redirect, banner, CSP and cookie checks",
          good,
          { hstsOk: "pass", redirectOk: "pass", noBanner: "pass", cspOk: "pass", cookiesOk: "pass" },
        ],
        [
          "a careless site fails every aspect and names each weak cookie",
          bad,
          { hstsShort: "fail", redirectMissing: "fail", banner: "fail", cspMissing: "fail", cookieBad: "fail" },
        ],
      ],
      { exact: true },
    ),
    ...casesOn("endpoint", params, [
      ["plain HTTP not served at all counts as no downgrade path", noHttp, { httpClosed: "pass" }],
    ]),
  ],
});

test("cookie values never reach facts or messages", async () => {
  const out = assertWellFormed(httpSecurity, await runOnce(httpSecurity, { type: "endpoint", handle: bad }, params));
  const text = JSON.stringify([out.facts, out.findings]);
  assert.doesNotMatch(text, /abcdef0123456789|zzz/);
  assert.equal(out.findings.filter((f) => f.messageId === "cookieBad").length, 2);
});

test("an unreachable site is an error with a clear reason", async () => {
  const handle = await endpoint({ url: `https://127.0.0.1:${await closedPort()}/` });
  const out = await runOnce(httpSecurity, { type: "endpoint", handle }, {});
  assert.ok(!out.ok);
  assert.match(out.error, /connection refused by 127\.0\.0\.1/);
});

test("a plain-HTTP endpoint fails HSTS as not served over HTTPS", async () => {
  const handle = await endpoint({ url: `http://127.0.0.1:${plainContent}/` });
  const out = assertWellFormed(httpSecurity, await runOnce(httpSecurity, { type: "endpoint", handle }, {}));
  assert.deepEqual(
    out.findings.map((f) => `${f.messageId}:${f.status}`),
    ["notHttps:fail"],
  );
});
