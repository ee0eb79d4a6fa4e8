/** @module Signatures verify with an independent implementation (node:crypto), and keys are handled safely. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  generateSigningKeys, loadSigningKeyRef, readRun, resolveSigningKey, verifyRun, writeEvidenceRun, writeKeyFiles, PROJECT_KEY_DIR,
} from "../../src/evidence/index.js";
import { fixtureResult, fixtureSpec, memoryKey, tempDir, writeChain } from "./fixtures.js";

/** Verifies a compact JWS with node:crypto only: no jose involved. */
function independentVerify(jws: string, jwk: Record<string, unknown>): boolean {
  const [h, p, s] = jws.split(".") as [string, string, string];
  const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { alg: string };
  const key = createPublicKey({ key: jwk, format: "jwk" });
  const data = Buffer.from(`${h}.${p}`, "ascii");
  const sig = Buffer.from(s, "base64url");
  if (header.alg === "EdDSA") return verify(null, data, key, sig);
  if (header.alg === "ES256") return verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, sig);
  throw new Error(`unexpected alg ${header.alg}`);
}

describe("signature", () => {
  for (const alg of ["EdDSA", "ES256"] as const) {
    it(`a ${alg} manifest signature verifies with node:crypto, and a changed payload does not`, async () => {
      const dir = await tempDir();
      const store = await writeChain(dir, ["run-1"], await memoryKey(alg));
      const run = await readRun(join(store, "run-1"));
      const jwk = JSON.parse(await readFile(join(store, "run-1", "public.jwk"), "utf8")) as Record<string, unknown>;
      assert.equal(jwk.alg, alg);
      assert.ok(independentVerify(run.jws!, jwk));
      const [h, p, s] = run.jws!.split(".") as [string, string, string];
      const payload = Buffer.from(p, "base64url");
      assert.deepEqual(payload, await readFile(join(store, "run-1", "manifest.json")), "manifest.json is exactly the signed payload");
      const forged = Buffer.from(payload.toString("utf8").replace('"recordCount":2', '"recordCount":1')).toString("base64url");
      assert.equal(independentVerify(`${h}.${forged}.${s}`, jwk), false);
    });
  }

  it("writes key files with the private key 0600, and refuses to sign with a key others can read", async () => {
    const dir = await tempDir();
    const { privatePath, publicPath } = await writeKeyFiles(join(dir, "keys"), await generateSigningKeys());
    assert.equal((await stat(privatePath)).mode & 0o777, 0o600);
    const pub = JSON.parse(await readFile(publicPath, "utf8")) as Record<string, unknown>;
    assert.equal(pub.d, undefined, "the public file holds no private member");
    const key = await loadSigningKeyRef("${file:keys/assay-private.jwk}", dir);
    assert.equal(key.kid, pub.kid);
    await chmod(privatePath, 0o644);
    await assert.rejects(loadSigningKeyRef("${file:keys/assay-private.jwk}", dir), /readable by others \(mode 0644\); fix it with: chmod 600 .*assay-private\.jwk/);
  });

  it("loads a key from an environment reference and rejects a literal", async () => {
    const keys = await generateSigningKeys("ES256");
    const ports = { env: { ASSAY_KEY: JSON.stringify(keys.privateJwk) }, readFile: () => "", baseDir: "/" };
    const key = await loadSigningKeyRef("${env:ASSAY_KEY}", "/", ports);
    assert.equal(key.alg, "ES256");
    assert.equal(key.kid, keys.publicJwk.kid);
    await assert.rejects(loadSigningKeyRef(JSON.stringify(keys.privateJwk), "/"), /must be a secret reference/);
    await assert.rejects(loadSigningKeyRef("${env:ASSAY_KEY}", "/", { ...ports, env: { ASSAY_KEY: JSON.stringify(keys.publicJwk) } }), /not a private JWK/);
  });

  it("without a configured key, creates a project key once, says so, and signs with it", async () => {
    const dir = await tempDir();
    const spec = fixtureSpec(dir);
    const first = await resolveSigningKey(spec);
    assert.match(first.notice ?? "", /no evidence.signing_key configured: generated a project signing key in \.assay\/keys\/assay-private\.jwk/);
    assert.equal((await stat(join(dir, PROJECT_KEY_DIR, "assay-private.jwk"))).mode & 0o777, 0o600);
    const again = await resolveSigningKey(spec);
    assert.equal(again.notice, undefined);
    assert.equal(again.key.kid, first.key.kid);
    const w = await writeEvidenceRun({ result: fixtureResult("run-1"), spec, key: again.key, evidenceDir: join(dir, "evidence"), assayVersion: "0.1.0-test" });
    const report = await verifyRun(w.runDir, { publicKey: join(dir, PROJECT_KEY_DIR, "assay-public.jwk") });
    assert.equal(report.ok, true, report.problem?.message);
  });

  it("rejects a tampered trusted-key file", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "k.jwk"), "not json");
    const store = await writeChain(dir, ["run-1"], await memoryKey());
    await assert.rejects(verifyRun(store, { publicKey: join(dir, "k.jwk") }), /is not JSON; expected a public JWK or a JWKS/);
  });
});
