/**
 * @module Runs written in evidence format 1 (one file per record, `SHA256SUMS`) by the code before
 * format 2 still verify, read, bundle and chain. The store in test/fixtures/evidence-v1 was written
 * by that code (two runs; the second with an attestation and its stored document).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { JWK } from "jose";
import { buildBundle, readRun, verifyBundle, verifyRun, writeEvidenceRun } from "../../src/evidence/index.js";
import { fixtureResult, fixtureSpec, memoryKey, tempDir } from "./fixtures.js";

const fixture = fileURLToPath(new URL("../fixtures/evidence-v1/", import.meta.url));

async function copyOfFixture(): Promise<{ store: string; trusted: JWK }> {
  const dir = await tempDir("assay-v1-");
  await cp(join(fixture, "evidence"), join(dir, "evidence"), { recursive: true });
  return { store: join(dir, "evidence"), trusted: JSON.parse(await readFile(join(fixture, "public.jwk"), "utf8")) as JWK };
}

describe("evidence format 1", () => {
  it("verifies: signature, every record file against SHA256SUMS, Merkle root, the stored document, the chain", async () => {
    const { store, trusted } = await copyOfFixture();
    const report = await verifyRun(store, { publicKey: trusted });
    assert.equal(report.ok, true, report.problem?.message);
    const run2 = report.runs.find((r) => r.runId === "run-2");
    assert.deepEqual(run2?.manifest?.schema, "assay/run-manifest@1");
    assert.match(run2?.checked.join("\n") ?? "", /7 records present, nothing extra\n7 record hashes match SHA256SUMS\nMerkle root [0-9a-f]{64}/);
  });

  it("reads back its records and attestations and bundles one requirement with proofs that verify", async () => {
    const { store, trusted } = await copyOfFixture();
    const run = await readRun(join(store, "run-2"));
    assert.deepEqual([run.complete, run.records.length, run.attested.map((r) => r.kind)], [true, 5, ["attestation", "document"]]);
    const bundle = await buildBundle(join(store, "run-2"), "gdpr-25.1");
    assert.deepEqual(bundle.records.map((e) => e.file), ["records/000001.json", "records/000002.json", "records/000003.json", "records/000004.json", "records/000005.json", "records/000006.json", "records/000007.json"]);
    const ok = await verifyBundle(JSON.parse(JSON.stringify(bundle)) as typeof bundle, new Map([[trusted.kid ?? "", trusted]]));
    assert.equal(ok.ok, true, ok.problem ?? "");
  });

  it("detects a flip of every byte of every file of a format 1 run and of its stored document", async () => {
    const { store, trusted } = await copyOfFixture();
    const runDir = join(store, "run-2");
    const files = [...(await readdir(runDir)).filter((f) => f !== "records"), ...(await readdir(join(runDir, "records"))).map((f) => `records/${f}`)].sort();
    assert.equal(files.length, 11);
    const document = (await readdir(join(store, "documents"))).map((d) => join("..", "documents", d));
    let mutations = 0;
    for (const f of [...files, ...document]) {
      const path = join(runDir, f);
      const original = await readFile(path);
      for (let i = 0; i < original.length; i += 3) {
        const mutated = Buffer.from(original);
        mutated[i] = mutated[i]! ^ 0x01;
        await writeFile(path, mutated);
        assert.equal((await verifyRun(runDir, i % 2 === 0 ? { publicKey: trusted } : {})).ok, false, `flipping byte ${i} of ${f} went unnoticed`);
        mutations++;
      }
      await writeFile(path, original);
    }
    assert.ok(mutations > 1500, `only ${mutations} mutations tried`);
    assert.equal((await verifyRun(runDir, { publicKey: trusted })).ok, true, "restoring every byte makes the run verify again");
  });

  const cases: readonly { name: string; edit: (runDir: string) => Promise<void>; expect: RegExp }[] = [
    { name: "a removed record file", edit: (d) => rm(join(d, "records/000002.json")), expect: /record records\/000002\.json is missing \(the manifest lists 7 records\)/ },
    { name: "an added record file", edit: (d) => cp(join(d, "records/000002.json"), join(d, "records/000008.json")), expect: /unexpected record file records\/000008\.json/ },
    {
      name: "reordered record files",
      edit: async (d) => {
        await rename(join(d, "records/000001.json"), join(d, "records/tmp"));
        await rename(join(d, "records/000002.json"), join(d, "records/000001.json"));
        await rename(join(d, "records/tmp"), join(d, "records/000002.json"));
      },
      expect: /records\/000001\.json holds sequence 2: records were reordered or renamed/,
    },
    { name: "a record swapped in from another run", edit: (d) => cp(join(d, "../run-1/records/000001.json"), join(d, "records/000001.json")), expect: /records\/000001\.json belongs to run run-1, not to run run-2/ },
    { name: "a format 2 index beside format 1 records", edit: (d) => writeFile(join(d, "records.sha256"), ""), expect: /unexpected file records\.sha256 in run run-2/ },
  ];
  for (const c of cases) {
    it(`detects ${c.name}`, async () => {
      const { store, trusted } = await copyOfFixture();
      await c.edit(join(store, "run-2"));
      const report = await verifyRun(store, { publicKey: trusted });
      assert.equal(report.ok, false);
      assert.match(report.problems.map((p) => p.message).join("\n"), c.expect);
    });
  }

  it("is followed by a format 2 run in the same chain, and the mixed store verifies", async () => {
    const { store, trusted } = await copyOfFixture();
    const key = await memoryKey();
    const next = await writeEvidenceRun({ result: fixtureResult("run-3"), spec: fixtureSpec(join(store, "..")), key, evidenceDir: store, assayVersion: "0.1.0-test" });
    const run3 = await readRun(next.runDir, { records: false });
    assert.deepEqual([run3.manifest?.schema, run3.manifest?.previousRunId], ["assay/run-manifest@2", "run-2"]);
    const report = await verifyRun(store, { publicKey: { keys: [trusted, key.publicJwk] } });
    assert.equal(report.ok, true, report.problem?.message);
    assert.deepEqual(report.runs.map((r) => r.manifest?.schema), ["assay/run-manifest@1", "assay/run-manifest@1", "assay/run-manifest@2"]);
  });
});
