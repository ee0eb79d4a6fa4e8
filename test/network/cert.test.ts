/**
 * @module The certificate's signature algorithm as the TLS probe names it, read from certificates
 * made by the OpenSSL command line (not by the library the probe reads them with).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { signatureAlgorithm, certFacts } from "../../src/probes/tls_endpoint/cert.js";

function opensslCert(args: readonly string[]): X509Certificate {
  const pem = execFileSync(
    "openssl",
    ["req", "-x509", ...args, "-nodes", "-keyout", "/dev/null", "-subj", "/CN=127.0.0.1", "-days", "2"],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  return new X509Certificate(pem);
}

const cases: readonly [string, readonly string[]][] = [
  ["sha256WithRSAEncryption", ["-newkey", "rsa:2048", "-sha256"]],
  ["sha1WithRSAEncryption", ["-newkey", "rsa:2048", "-sha1"]],
  ["sha512WithRSAEncryption", ["-newkey", "rsa:2048", "-sha512"]],
  ["rsassaPss", ["-newkey", "rsa:2048", "-sha256", "-sigopt", "rsa_padding_mode:pss"]],
  ["ecdsa-with-SHA384", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-sha384"]],
  ["Ed25519", ["-newkey", "ed25519"]],
];

describe("signatureAlgorithm", () => {
  for (const [name, args] of cases) {
    it(`names an OpenSSL ${args.join(" ")} certificate ${name}`, async () => {
      assert.equal(await signatureAlgorithm(opensslCert(args).raw), name);
    });
  }

  it("says unknown for bytes that are not a certificate", async () => {
    assert.equal(await signatureAlgorithm(Buffer.from("not DER")), "unknown");
  });

  it("matches an IP address against the certificate's IP entries (net.isIP), not its host names", async () => {
    const cert = opensslCert([
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ]);
    assert.equal((await certFacts(cert, "127.0.0.1", new Date())).hostnameMatches, true);
    assert.equal((await certFacts(cert, "::1", new Date())).hostnameMatches, false);
  });
});
