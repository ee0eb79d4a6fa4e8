import assert from "node:assert/strict";
import { after, test } from "node:test";
import tlsEndpoint from "../../src/probes/tls_endpoint/index.js";
import { assertWellFormed, runOnce, testProbe } from "../../src/probes/tester.js";
import { makeCaAndLeaf, makeCert } from "../support/tls.js";
import { closedPort, endpoint, pemFile, startSilentServer, startTlsServer, type Running } from "./servers.js";

const DAY = 86_400_000;
const local = { cn: "localhost", san: ["localhost", "127.0.0.1"] };
const { ca, leaf } = await makeCaAndLeaf(local);
const expired = await makeCert({
  ...local,
  ca,
  notBefore: new Date(Date.now() - 400 * DAY),
  notAfter: new Date(Date.now() - 2 * DAY),
});
const soon = await makeCert({ ...local, ca, notAfter: new Date(Date.now() + 10 * DAY) });
const otherName = await makeCert({ cn: "api.example.org", san: ["api.example.org"], ca });
const weakKey = await makeCert({ ...local, ca, keyType: "rsa1024", hash: "SHA-1" });
const selfSigned = await makeCert(local);
const caFile = pemFile("ca.pem", ca.cert);

const MODERN = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305";
const servers: Running[] = [];
const start = async (opts: Parameters<typeof startTlsServer>[0]) => {
  const s = await startTlsServer(opts);
  servers.push(s);
  return endpoint({ url: `https://127.0.0.1:${s.port}/`, servername: "localhost", ca: caFile, timeout_ms: 5000 });
};
after(() => Promise.all(servers.map((s) => s.close())));

const good = await start({ key: leaf.key, cert: leaf.cert, minVersion: "TLSv1.2", ciphers: MODERN });
const legacy = await start({ key: leaf.key, cert: leaf.cert, minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" });
const weakCipher = await start({
  key: leaf.key,
  cert: leaf.cert,
  maxVersion: "TLSv1.2",
  ciphers: `${MODERN}:AES128-SHA:NULL-SHA256:@SECLEVEL=0`,
});
const expiredSrv = await start({ key: expired.key, cert: expired.cert, minVersion: "TLSv1.2", ciphers: MODERN });
const soonSrv = await start({ key: soon.key, cert: soon.cert, minVersion: "TLSv1.2", ciphers: MODERN });
const wrongName = await start({ key: otherName.key, cert: otherName.cert, minVersion: "TLSv1.2", ciphers: MODERN });
const weakKeySrv = await start({
  key: weakKey.key,
  cert: weakKey.cert,
  minVersion: "TLSv1.2",
  ciphers: `${MODERN}:@SECLEVEL=0`,
});
const untrusted = await start({ key: selfSigned.key, cert: selfSigned.cert, minVersion: "TLSv1.2", ciphers: MODERN });

const strict = {
  min_version: "1.2",
  require_tls13: true,
  allow_cbc: false,
  require_forward_secrecy: true,
  cert_fail_days: 7,
  cert_warn_days: 30,
  min_rsa_bits: 2048,
  min_ec_bits: 256,
};
const baseline = { min_version: "1.2", require_tls13: false, allow_cbc: true, require_forward_secrecy: false };

testProbe(tlsEndpoint, {
  invalidParams: [
    { name: "TLS 1.1 as a minimum", params: { min_version: "1.1" } },
    { name: "unknown key", params: { minimum: "1.2" } },
  ],
  cases: [
    {
      name: "a modern server with a trusted certificate passes every aspect under strict settings",
      target: { type: "endpoint", handle: good },
      params: strict,
      expect: {
        legacyRefused: "pass",
        tls13Offered: "pass",
        suitesOk: "pass",
        fsOk: "pass",
        expiryOk: "pass",
        keyOk: "pass",
        sigOk: "pass",
        hostOk: "pass",
        trustOk: "pass",
      },
      exact: true,
    },
    {
      name: "a server accepting TLS 1.0 and 1.1 fails the protocol aspect, and CBC/static-RSA suites fail under strict",
      target: { type: "endpoint", handle: legacy },
      params: strict,
      expect: { legacyAccepted: "fail", suitesCbc: "fail", fsMissing: "fail", trustOk: "pass" },
    },
    {
      name: "the same legacy server under baseline still fails protocols but tolerates CBC and static RSA",
      target: { type: "endpoint", handle: legacy },
      params: baseline,
      expect: { legacyAccepted: "fail", suitesOk: "pass", fsNotRequired: "not_applicable" },
    },
    {
      name: "a NULL cipher suite is found by the scan and fails; TLS 1.3 missing fails when required",
      target: { type: "endpoint", handle: weakCipher },
      params: strict,
      expect: { suitesWeak: "fail", tls13Missing: "fail", fsMissing: "fail", legacyRefused: "pass" },
    },
    {
      name: "an expired certificate from the configured CA fails expiry and is still trusted (issue 12)",
      target: { type: "endpoint", handle: expiredSrv },
      params: baseline,
      expect: { expired: "fail", trustOk: "pass", hostOk: "pass" },
    },
    {
      name: "a certificate expiring in 10 days passes the 7-day floor but fails the 30-day renewal window",
      target: { type: "endpoint", handle: soonSrv },
      params: { ...baseline, cert_fail_days: 7, cert_warn_days: 30 },
      expect: { expiryOk: "pass", expiresSoon: "fail" },
    },
    {
      name: "a certificate for another host fails the name check but is still trusted",
      target: { type: "endpoint", handle: wrongName },
      params: baseline,
      expect: { hostMismatch: "fail", trustOk: "pass" },
    },
    {
      name: "an RSA-1024 key signed with SHA-1 fails key and signature",
      target: { type: "endpoint", handle: weakKeySrv },
      params: baseline,
      expect: { keyWeak: "fail", sigWeak: "fail" },
    },
    {
      name: "a self-signed certificate is not trusted against the configured CA bundle",
      target: { type: "endpoint", handle: untrusted },
      params: baseline,
      expect: { trustFail: "fail", hostOk: "pass" },
    },
  ],
});

/** Through `runProbe`, as the engine runs it; a run that ends in an error rejects with the reason. */
const run = async (handle: Awaited<ReturnType<typeof endpoint>>) => {
  const r = await runOnce(tlsEndpoint, { type: "endpoint", handle }, baseline, { timeoutMs: 10_000 });
  if (!r.ok) throw new Error(r.error);
  return assertWellFormed(tlsEndpoint, r);
};

test("facts record protocols, suites and the certificate, without key material", async () => {
  const out = await run(legacy);
  const facts = out.facts as { protocols: Record<string, string>; suites: { version: string }[] };
  assert.equal(facts.protocols["TLSv1"], "accepted");
  assert.ok(facts.suites.filter((s) => s.version === "TLSv1.2").length > 3);
  assert.ok(
    facts.suites.some((s) => s.version === "TLSv1"),
    "suites are enumerated at TLS 1.0 too",
  );
  assert.doesNotMatch(JSON.stringify(out.facts), /PRIVATE KEY|BEGIN CERTIFICATE/);
});

test("connection refused is an error with a clear reason", async () => {
  const handle = await endpoint({ url: `https://127.0.0.1:${await closedPort()}/`, timeout_ms: 1000 });
  await assert.rejects(run(handle), /connection refused by 127\.0\.0\.1/);
});

test("a server that never answers the handshake times out with a clear reason", async () => {
  const silent = await startSilentServer();
  servers.push(silent);
  const handle = await endpoint({ url: `https://127.0.0.1:${silent.port}/`, timeout_ms: 300 });
  await assert.rejects(run(handle), /no TLS handshake with 127\.0\.0\.1:\d+ within 300 ms/);
});

test("an unreadable CA bundle is reported when the target is opened", async () => {
  await assert.rejects(
    endpoint({ url: "https://127.0.0.1:1/", ca: "missing.pem" }),
    /CA bundle .*missing\.pem cannot be read \(ENOENT\)/,
  );
});
