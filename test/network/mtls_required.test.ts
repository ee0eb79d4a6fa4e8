/**
 * `mtls_required` against real `node:https` servers: client certificates required in the TLS
 * handshake (TLS 1.3 and TLS 1.3-only), required by the application (401 without), and not asked for.
 * Client certificates are issued by a test CA with `@peculiar/x509`.
 */
import assert from "node:assert/strict";
import https from "node:https";
import type { TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import probe from "../../src/probes/mtls_required/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { makeCaAndLeaf, makeCert } from "../support/tls.js";
import { endpoint, pemFile } from "./servers.js";

const { ca: serverCa, leaf } = await makeCaAndLeaf();
const clientCa = await makeCert({ cn: "Assay Client CA", isCa: true, keyType: "ec-p256" });
const client = await makeCert({ cn: "etl-worker", ca: clientCa });
const strangerCa = await makeCert({ cn: "Stranger CA", isCa: true, keyType: "ec-p256" });
const stranger = await makeCert({ cn: "intruder", ca: strangerCa });
const caFile = pemFile("mtls-server-ca.pem", serverCa.cert);
const clientFile = pemFile("mtls-client.pem", client.cert);
const strangerFile = pemFile("mtls-stranger.pem", stranger.cert);

const servers: https.Server[] = [];
async function serve(options: https.ServerOptions, appLevel = false): Promise<string> {
  const s = https.createServer({ cert: leaf.cert, key: leaf.key, ...options }, (req, res) => {
    const ok = !appLevel || (req.socket as TLSSocket).authorized;
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify({ ok }));
  });
  s.on("tlsClientError", () => undefined);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  servers.push(s);
  return `https://localhost:${(s.address() as AddressInfo).port}/api/orders`;
}
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

const strict = await serve({ ca: clientCa.cert, requestCert: true, rejectUnauthorized: true });
const strict13 = await serve({ ca: clientCa.cert, requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.3" });
const app = await serve({ ca: clientCa.cert, requestCert: true, rejectUnauthorized: false }, true);
const open = await serve({});

const target = async (url: string, cert: string | null = clientFile, key = client.key) => ({
  type: "endpoint" as const,
  handle: await endpoint({
    url,
    ca: caFile,
    ...(cert ? { client_certificate: { cert, private_key: key } } : {}),
  }),
});

testProbe(probe, {
  cases: [
    {
      name: "handshake-level mTLS: refused without a certificate, accepted with the declared one",
      target: await target(strict),
      params: {},
      expect: { refusedWithout: "pass", acceptedWith: "pass" },
      exact: true,
    },
    {
      name: "TLS 1.3-only mTLS: same verdict",
      target: await target(strict13),
      params: {},
      expect: { refusedWithout: "pass", acceptedWith: "pass" },
      exact: true,
    },
    {
      name: "application-level mTLS: 401 without a certificate",
      target: await target(app),
      params: {},
      expect: { deniedWithout: "pass", acceptedWith: "pass" },
      exact: true,
    },
    {
      name: "no client certificate asked for: served without one",
      target: await target(open),
      params: {},
      expect: { servedWithout: "fail", acceptedWith: "pass" },
      exact: true,
    },
    {
      name: "a certificate from a CA the server does not trust is refused",
      target: await target(strict, strangerFile, stranger.key),
      params: {},
      expect: { refusedWithout: "pass", refusedWith: "fail" },
      exact: true,
    },
    {
      name: "no declared client certificate: the positive test is an error",
      target: await target(strict, null),
      params: { path: "/health" },
      expect: { refusedWithout: "pass", noClientCert: "error" },
      exact: true,
    },
  ],
  invalidParams: [{ name: "relative path", params: { path: "health" } }],
});

const run = async (url: string) =>
  probe.run({
    params: {},
    target: { id: "t", ...(await target(url)), tags: [] },
    signal: AbortSignal.timeout(20_000),
    now: () => new Date(),
  });

test("the client-CA list is read from the TLS 1.2 CertificateRequest; hidden when only TLS 1.3 is spoken", async () => {
  const listed = await run(strict);
  assert.deepEqual(listed.facts["clientCas"], ["CN=Assay Client CA"]);
  assert.equal(listed.facts["clientCertificateSubject"], "CN=etl-worker");
  const hidden = await run(strict13);
  assert.equal(hidden.facts["clientCas"], null);
  assert.match(hidden.facts["clientCaNote"] as string, /TLS 1\.3/);
  const none = await run(open);
  assert.equal(none.facts["clientCaNote"], "no CertificateRequest over TLS 1.2");
  assert.doesNotMatch(JSON.stringify(listed), /PRIVATE KEY/);
});
