/**
 * @module Key rotation as processes of `bin/assay.js`: `assay keys rotate` between two runs records
 * the rotation in the chain, signed by the old key; `assay verify` follows it from the first key
 * alone, accepts both keys or the key history, fails clearly with only the new key, and finds a
 * tampered rotation, a run signed by the retired key, and one flipped byte in any file.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { CompactSign } from "jose";
import { generateSigningKeys, signingKeyFromJwkText, verifyRun, writeEvidenceRun } from "../../src/evidence/index.js";
import { fixtureResult, fixtureSpec } from "./fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/assay.js");
const assay = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

interface Rotated {
  rotationId: string;
  retiredKeyId: string;
  newKeyId: string;
  keyHistory: string;
  retiredPrivateKey: string;
  publicKey: string;
}

describe("key rotation", () => {
  const dir = mkdtempSync(join(tmpdir(), "assay-rotation-"));
  const scratch = mkdtempSync(join(tmpdir(), "assay-rotation-copy-"));
  let rotated: Rotated;
  let runIds: string[] = [];
  after(() => {
    for (const d of [dir, scratch]) rmSync(d, { recursive: true, force: true });
  });
  before(() => {
    cpSync(join(root, "examples/config"), dir, { recursive: true, filter: (src) => !src.includes(".assay") });
    writeFileSync(
      join(dir, "assay.yaml"),
      "project: { name: rotation }\nprofile: assay:baseline\ntargets:\n" +
        "  - { id: good, type: file, tags: [app-config], connection: { path: compliant.yaml } }\n" +
        "evidence: { dir: evidence }\nreports: { dir: reports }\n",
    );
    const first = assay(dir, "run", "--fail-on", "none");
    assert.equal(first.code, 0, first.stderr);
    cpSync(join(dir, ".assay/keys/assay-public.jwk"), join(dir, "first.jwk"));
    const r = assay(dir, "keys", "rotate", "--json");
    assert.equal(r.code, 0, r.stderr);
    rotated = JSON.parse(r.stdout) as Rotated;
    const second = assay(dir, "run", "--fail-on", "none");
    assert.equal(second.code, 0, second.stderr);
    // Run ids carry the second they started and a random suffix: two runs in the same second sort
    // by suffix, so order them by the signed start time instead.
    const startedAt = (id: string) => (JSON.parse(readFileSync(join(dir, "evidence", id, "manifest.json"), "utf8")) as { startedAt: string }).startedAt;
    runIds = readdirSync(join(dir, "evidence"))
      .filter((n) => /^\d{4}-.*Z-[0-9a-f]{6}$/.test(n))
      .sort((a, b) => startedAt(a).localeCompare(startedAt(b)));
  });

  it("rotate writes a new key, keeps the retired one apart and records the rotation signed by the old key", () => {
    assert.notEqual(rotated.newKeyId, rotated.retiredKeyId);
    assert.equal(runIds.length, 2);
    const current = JSON.parse(readFileSync(join(dir, ".assay/keys/assay-private.jwk"), "utf8")) as { kid: string };
    assert.equal(current.kid, rotated.newKeyId);
    assert.equal(statSync(join(dir, ".assay/keys/assay-private.jwk")).mode & 0o777, 0o600);
    assert.equal(statSync(rotated.retiredPrivateKey).mode & 0o777, 0o600);
    const rotation = JSON.parse(readFileSync(join(dir, "evidence", rotated.rotationId, "rotation.json"), "utf8")) as { retiredKeyId: string; newKey: { kid: string }; previousRunId: string };
    assert.deepEqual([rotation.retiredKeyId, rotation.newKey.kid, rotation.previousRunId], [rotated.retiredKeyId, rotated.newKeyId, runIds[0]]);
    const header = JSON.parse(Buffer.from(readFileSync(join(dir, "evidence", rotated.rotationId, "rotation.jws"), "utf8").split(".")[0] ?? "", "base64url").toString()) as { kid: string };
    assert.equal(header.kid, rotated.retiredKeyId);
    const second = JSON.parse(readFileSync(join(dir, "evidence", runIds[1] ?? "", "manifest.json"), "utf8")) as { keyId: string; previousRunId: string };
    assert.deepEqual([second.keyId, second.previousRunId], [rotated.newKeyId, rotated.rotationId]);
    const history = JSON.parse(readFileSync(rotated.keyHistory, "utf8")) as { keys: { kid: string; valid_from?: string; retired_at?: string }[] };
    assert.deepEqual(history.keys.map((k) => [k.kid, typeof k.valid_from, typeof k.retired_at]), [
      [rotated.retiredKeyId, "string", "string"],
      [rotated.newKeyId, "string", "undefined"],
    ]);
  });

  it("verifies across the rotation with the first key alone, both keys, the key history, or the published keys", () => {
    for (const keys of [["--key", "first.jwk"], ["--key", "first.jwk", "--key", rotated.publicKey], ["--jwks", rotated.keyHistory], []]) {
      const r = assay(dir, "verify", ...keys);
      assert.equal(r.code, 0, `${keys.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /✓ 1 key rotation\(s\): 1 verified, each signed by the key it retires/);
      assert.match(r.stdout, /✓ chain: 2 run\(s\) and 1 key rotation\(s\) linked/);
      assert.match(r.stdout, /VERIFIED\n$/);
    }
    const latest = assay(dir, "verify", "latest", "--key", "first.jwk");
    assert.equal(latest.code, 0, latest.stdout);
    assert.match(latest.stdout, new RegExp(`chain: 2 earlier run\\(s\\) back to the first run ${runIds[0]}`));
  });

  it("with only the new key, the run before the rotation fails and says why", () => {
    const r = assay(dir, "verify", "--key", rotated.publicKey, "--json");
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as { ok: boolean; problems: { runId: string; message: string }[] };
    const old = report.problems.find((p) => p.runId === runIds[0]);
    assert.match(old?.message ?? "", new RegExp(`signed by key ${rotated.retiredKeyId}, which is not a trusted key \\(trusted: ${rotated.newKeyId}\\)`));
    const text = assay(dir, "verify", "--key", rotated.publicKey);
    assert.match(text.stdout, /✗ 2 run\(s\): 1 verified/);
    assert.match(text.stdout, /NOT VERIFIED\n$/);
  });

  it("keys generate and keys rotate print JSON; a retired key signs no more runs", () => {
    const g = assay(dir, "keys", "generate", "--out", "spare", "--json");
    assert.equal(g.code, 0, g.stderr);
    const gen = JSON.parse(g.stdout) as { keyId: string; privateKey: string };
    assert.match(gen.keyId, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(statSync(gen.privateKey).mode & 0o777, 0o600);
    const project = readFileSync(join(dir, "assay.yaml"), "utf8");
    writeFileSync(join(dir, "retired.yaml"), project.replace("evidence: { dir: evidence }", `evidence: { dir: evidence, signing_key: "\${file:${relative(dir, rotated.retiredPrivateKey)}}" }`));
    const r = assay(dir, "run", "-p", "retired.yaml", "--fail-on", "none");
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`signing key ${rotated.retiredKeyId} was retired by key rotation ${rotated.rotationId}`));
  });

  it("finds a tampered rotation, a forged one, and a run signed by the retired key after it", async () => {
    const first = join(dir, "first.jwk");
    const store = join(scratch, "tampered");
    cpSync(join(dir, "evidence"), store, { recursive: true });
    const attacker = await generateSigningKeys();
    const file = join(store, rotated.rotationId, "rotation.json");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace(rotated.newKeyId, attacker.publicJwk.kid ?? ""));
    assert.match((await verifyRun(store, { publicKey: first })).problem?.message ?? "", /rotation\.json differs from the rotation signed in rotation\.jws/);
    // Re-signed by the attacker's own key: only the trusted first key tells.
    const evil = await signingKeyFromJwkText(JSON.stringify(attacker.privateJwk), "attacker");
    const forged = original.replace(rotated.retiredKeyId, evil.kid);
    writeFileSync(file, forged);
    writeFileSync(join(store, rotated.rotationId, "rotation.jws"), await new CompactSign(Buffer.from(forged)).setProtectedHeader({ alg: "EdDSA", kid: evil.kid, typ: "assay-key-rotation+jws" }).sign(evil.privateKey));
    writeFileSync(join(store, rotated.rotationId, "public.jwk"), JSON.stringify(attacker.publicJwk));
    const v = await verifyRun(store, { publicKey: first });
    assert.equal(v.ok, false);
    assert.ok(v.problems.some((p) => /not a trusted key|damaged/.test(p.message)), JSON.stringify(v.problems));

    // A run signed with the retired key after the rotation (written with the rotation moved aside).
    const late = join(scratch, "late");
    cpSync(join(dir, "evidence"), late, { recursive: true });
    const oldKey = await signingKeyFromJwkText(readFileSync(rotated.retiredPrivateKey, "utf8"), "retired");
    renameSync(join(late, rotated.rotationId), join(scratch, "aside"));
    await writeEvidenceRun({ result: fixtureResult("9999-late"), spec: fixtureSpec(scratch), key: oldKey, evidenceDir: late, assayVersion: "0.0.0-test", durable: false });
    renameSync(join(scratch, "aside"), join(late, rotated.rotationId));
    const outside = await verifyRun(late, { publicKey: first });
    assert.match(outside.problem?.message ?? "", new RegExp(`run 9999-late is signed by key ${oldKey.kid}, outside its validity window: the key was retired at \\S+ by key rotation ${rotated.rotationId}`));
  });

  it("one flipped byte in any file of the store is found", async () => {
    const store = join(scratch, "flip");
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else files.push(join(d, e.name));
      }
    };
    walk(join(dir, "evidence"));
    assert.ok(files.some((f) => f.endsWith("rotation.jws")));
    for (const f of files) {
      rmSync(store, { recursive: true, force: true });
      cpSync(join(dir, "evidence"), store, { recursive: true });
      const target = join(store, relative(join(dir, "evidence"), f));
      const bytes = readFileSync(target);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      writeFileSync(target, bytes);
      const v = await verifyRun(store, { publicKey: join(dir, "first.jwk") });
      assert.equal(v.ok, false, `flipping a byte of ${relative(dir, f)} went unnoticed`);
    }
  });

  it("an auditor package carries the rotation and the key history, and verifies with the first key alone", () => {
    const month = runIds[0]?.slice(0, 7) ?? "";
    const b = assay(dir, "bundle", month, "-o", "audit.zip", "--format", "json");
    assert.equal(b.code, 0, b.stderr);
    const v = assay(dir, "verify", "audit.zip", "--key", "first.jwk");
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /✓ 1 key rotation\(s\), each signed by the key it retires/);
    assert.match(v.stdout, new RegExp(`run ${runIds[1]}: .*chained to ${runIds[0]}`));
    const wrong = assay(dir, "verify", "audit.zip", "--key", rotated.publicKey);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, new RegExp(`signed by key ${rotated.retiredKeyId}, which is not a trusted key`));
  });
});
