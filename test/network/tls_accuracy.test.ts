/**
 * `tls_endpoint` against real node:tls servers whose certificates are made by the `openssl` command
 * (not by Assay's code or its other test helpers): trust is judged apart from the dates, and cipher
 * suites are enumerated at every accepted version, TLS 1.3 included.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, test } from "node:test";
import tlsEndpoint from "../../src/probes/tls_endpoint/index.js";
import { assertWellFormed, casesOn, runOnce, testProbe } from "../../src/probes/tester.js";
import { asn1Time, OpensslCa } from "../support/openssl.js";
import { endpoint, pemFile, startTlsServer, startVersionRouter, type Running } from "./servers.js";

const ca = new OpensslCa();
const current = ca.leaf({ start: asn1Time(-1), end: asn1Time(300) });
const expired = ca.leaf({ start: asn1Time(-400), end: asn1Time(-2) });
const expiredSelfSigned = ca.leaf({ start: asn1Time(-400), end: asn1Time(-2), selfSigned: true });
const caFile = pemFile("openssl-ca.pem", ca.ca.cert);

const MODERN = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384";
const servers: Running[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(ca.dir, { recursive: true, force: true });
});
const serve = async (opts: Parameters<typeof startTlsServer>[0]): Promise<Running> => {
  const s = await startTlsServer(opts);
  servers.push(s);
  return s;
};
const handleOf = (s: Running) =>
  endpoint({ url: `https://127.0.0.1:${s.port}/`, servername: "localhost", ca: caFile, timeout_ms: 5000 });

const expiredSrv = await handleOf(await serve({ ...expired, minVersion: "TLSv1.2", ciphers: MODERN }));
const selfSrv = await handleOf(await serve({ ...expiredSelfSigned, minVersion: "TLSv1.2", ciphers: MODERN }));

// A front that sends TLS 1.2 hellos to a modern server and older ones to a TLS 1.0 server that also
// offers the NULL suite: the weak suite exists only at TLS 1.0.
const modern = await serve({ ...current, minVersion: "TLSv1.2", maxVersion: "TLSv1.2", ciphers: MODERN });
const legacy10 = await serve({
  ...current,
  minVersion: "TLSv1",
  maxVersion: "TLSv1",
  ciphers: "AES128-SHA:NULL-SHA:@SECLEVEL=0",
});
const router = await startVersionRouter(modern, legacy10);
servers.push(router);
const routed = await handleOf(router);

// TLS 1.3 only, with a chosen set of suites including CCM_8 (a 64-bit tag; RFC 8446 B.4 keeps it
// out of general use).
const tls13 = await handleOf(
  await serve({
    ...current,
    minVersion: "TLSv1.3",
    ciphers: "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_8_SHA256",
  }),
);

const baseline = { min_version: "1.2", allow_cbc: true };

testProbe(tlsEndpoint, {
  cases: casesOn("endpoint", baseline, [
    [
      "an expired certificate that chains to the configured CA is expired, not untrusted",
      expiredSrv,
      { expired: "fail", trustOk: "pass", hostOk: "pass" },
    ],
    ["an expired self-signed certificate is expired and untrusted", selfSrv, { expired: "fail", trustFail: "fail" }],
    [
      "a weak suite offered only at TLS 1.0 (behind a version-routing front) is reported",
      routed,
      { legacyAccepted: "fail", suitesWeak: "fail" },
    ],
    [
      "TLS 1.3 suites are enumerated: CCM_8 offered at TLS 1.3 is reported",
      tls13,
      { tls13Offered: "pass", suitesWeak: "fail" },
    ],
  ]),
});

const run = async (handle: Awaited<ReturnType<typeof handleOf>>) =>
  assertWellFormed(tlsEndpoint, await runOnce(tlsEndpoint, { type: "endpoint", handle }, baseline));

test("the self-signed reason replaces OpenSSL's date error in the trust finding", async () => {
  const out = await run(selfSrv);
  const trust = out.findings.find((f) => f.aspect === "cert_trust");
  assert.equal(trust?.message, "Certificate not trusted (configured CA bundle): self-signed certificate");
});

test("the weak suite is named with the version that offers it", async () => {
  const out = await run(routed);
  const weak = out.findings.find((f) => f.messageId === "suitesWeak");
  assert.equal(weak?.message, "Broken suites accepted: NULL-SHA (TLSv1)");
  const suites = out.facts["suites"] as { version: string; name: string }[];
  assert.deepEqual(
    suites
      .filter((s) => s.version === "TLSv1")
      .map((s) => s.name)
      .sort(),
    ["AES128-SHA", "NULL-SHA"],
  );
});

test("facts list exactly the TLS 1.3 suites the server was configured with", async () => {
  const out = await run(tls13);
  const suites = out.facts["suites"] as { version: string; name: string }[];
  assert.deepEqual(suites.map((s) => `${s.version} ${s.name}`).sort(), [
    "TLSv1.3 TLS_AES_128_CCM_8_SHA256",
    "TLSv1.3 TLS_AES_256_GCM_SHA384",
    "TLSv1.3 TLS_CHACHA20_POLY1305_SHA256",
  ]);
});
