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
import { assertWellFormed, casesOn, runOnce, testProbe } from "../../src/probes/tester.js";
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

const handle = (url: string, cert: string | null = clientFile, key = client.key) =>
  endpoint({ url, ca: caFile, ...(cert ? { client_certificate: { cert, private_key: key } } : {}) });

testProbe(probe, {
  cases: casesOn(
    "endpoint",
    {},
    [
      [
        "handshake-level mTLS: refused without a certificate, accepted with the declared one",
        await handle(strict),
        { refusedWithout: "pass", acceptedWith: "pass" },
      ],
      ["TLS 1.3-only mTLS: same verdict", await handle(strict13), { refusedWithout: "pass", acceptedWith: "pass" }],
      [
        "application-level mTLS: 401 without a certificate",
        await handle(app),
        { deniedWithout: "pass", acceptedWith: "pass" },
      ],
      [
        "no client certificate asked for: served without one",
        await handle(open),
        { servedWithout: "fail", acceptedWith: "pass" },
      ],
      [
        "a certificate from a CA the server does not trust is refused",
        await handle(strict, strangerFile, stranger.key),
        { refusedWithout: "pass", refusedWith: "fail" },
      ],
      [
        "no declared client certificate: the positive test is an error",
        await handle(strict, null),
        { refusedWithout: "pass", noClientCert: "error" },
        { path: "/health" },
      ],
    ],
    { exact: true },
  ),
  invalidParams: [{ name: "relative path", params: { path: "health" } }],
});

const run = async (url: string) =>
  assertWellFormed(
    probe,
    await runOnce(probe, { type: "endpoint", handle: await handle(url) }, {}, { timeoutMs: 20_000 }),
  );

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
