import assert from "node:assert/strict";
import { after, test } from "node:test";
import tlsEndpoint from "../../src/probes/tls_endpoint/index.js";
import { assertWellFormed, casesOn, runOnce, testProbe } from "../../src/probes/tester.js";
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
    ...casesOn("endpoint", baseline, [
      [
        "a server accepting TLS 1.0 and 1.1 fails the protocol aspect, and CBC/static-RSA suites fail under strict",
        legacy,
        { legacyAccepted: "fail", suitesCbc: "fail", fsMissing: "fail", trustOk: "pass" },
        strict,
      ],
      [
        "the same legacy server under baseline still fails protocols but tolerates CBC and static RSA",
        legacy,
        { legacyAccepted: "fail", suitesOk: "pass", fsNotRequired: "not_applicable" },
      ],
      [
        "a NULL cipher suite is found by the scan and fails; TLS 1.3 missing fails when required",
        weakCipher,
        { suitesWeak: "fail", tls13Missing: "fail", fsMissing: "fail", legacyRefused: "pass" },
        strict,
      ],
      [
        "an expired certificate from the configured CA fails expiry and is still trusted (issue 12)",
        expiredSrv,
        { expired: "fail", trustOk: "pass", hostOk: "pass" },
      ],
      [
        "a certificate expiring in 10 days passes the 7-day floor but fails the 30-day renewal window",
        soonSrv,
        { expiryOk: "pass", expiresSoon: "fail" },
        { ...baseline, cert_fail_days: 7, cert_warn_days: 30 },
      ],
      [
        "a certificate for another host fails the name check but is still trusted",
        wrongName,
        { hostMismatch: "fail", trustOk: "pass" },
      ],
      ["an RSA-1024 key signed with SHA-1 fails key and signature", weakKeySrv, { keyWeak: "fail", sigWeak: "fail" }],
      [
        "a self-signed certificate is not trusted against the configured CA bundle",
        untrusted,
        { trustFail: "fail", hostOk: "pass" },
      ],
    ]),
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
