/** @module Tamper evidence: every single-byte change and every structural edit of a store is detected with a clear message. */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { appendFile, cp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { verifyRun, writeEvidenceRun } from "../../src/evidence/index.js";
import { fixtureResult, fixtureSpec, memoryKey, tempDir, writeChain } from "./fixtures.js";

type Key = Awaited<ReturnType<typeof memoryKey>>;

async function filesOf(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesOf(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** A fresh copy of a pristine store, so each case starts clean. */
async function copyOf(store: string): Promise<string> {
  const dir = await tempDir("assay-tamper-");
  await cp(store, join(dir, "evidence"), { recursive: true });
  return join(dir, "evidence");
}

describe("tamper evidence", () => {
  let key: Key;
  let pristine: string;
  before(async () => {
    key = await memoryKey();
    pristine = await writeChain(await tempDir(), ["run-1", "run-2", "run-3"], key);
  });

  it("verifies an untouched store, a run and its chain", async () => {
    const store = await verifyRun(pristine);
    assert.equal(store.ok, true, store.problem?.message);
    const run = await verifyRun(join(pristine, "run-3"), { publicKey: join(pristine, "run-1", "public.jwk") });
    assert.equal(run.ok, true, run.problem?.message);
    assert.match(run.checked.join("\n"), /2 earlier run\(s\) back to the first run run-1/);
  });

  it("detects a flip of every byte of every file of a run, with and without a trusted key", async () => {
    const store = await copyOf(pristine);
    const runDir = join(store, "run-2");
    const trusted = join(pristine, "run-1", "public.jwk");
    const files = await filesOf(runDir);
    assert.deepEqual(files, ["manifest.json", "manifest.jws", "public.jwk", "records.sha256", "records/000001.jsonl"]);
    let mutations = 0;
    for (const f of files) {
      const path = join(runDir, f);
      const original = await readFile(path);
      for (let i = 0; i < original.length; i++) {
        const mutated = Buffer.from(original);
        mutated[i] = mutated[i]! ^ (i % 2 === 0 ? 0x01 : 0x20);
        await writeFile(path, mutated);
        const report = await verifyRun(runDir, i % 3 === 0 ? { publicKey: trusted } : {});
        assert.equal(report.ok, false, `flipping byte ${i} of ${f} went unnoticed`);
        mutations++;
      }
      await writeFile(path, original);
    }
    assert.ok(mutations > 3000, `only ${mutations} mutations tried`);
    assert.equal((await verifyRun(runDir)).ok, true, "restoring every byte makes the run verify again");
  });

  it("detects a flip of every byte of HEAD", async () => {
    const store = await copyOf(pristine);
    const original = await readFile(join(store, "HEAD"));
    for (let i = 0; i < original.length; i++) {
      const mutated = Buffer.from(original);
      mutated[i] = mutated[i]! ^ 0x01;
      await writeFile(join(store, "HEAD"), mutated);
      assert.equal((await verifyRun(store)).ok, false, `flipping byte ${i} of HEAD went unnoticed`);
    }
  });

  it("does not call an empty evidence folder verified", async () => {
    const report = await verifyRun(await tempDir());
    assert.equal(report.ok, false);
    assert.match(report.problem?.message ?? "", /no run found in .*: nothing to verify/);
  });

  /** Rewrites the record lines of run-2's segment (format 2). */
  const editLines = (s: string, f: (lines: string[]) => string[]) => async () => {
    const path = join(s, "run-2/records/000001.jsonl");
    const lines = (await readFile(path, "utf8")).split("\n").slice(0, -1);
    await writeFile(path, f(lines).map((l) => `${l}\n`).join(""));
  };
  const cases: readonly { name: string; edit: (store: string) => Promise<void>; expect: RegExp }[] = [
    { name: "a removed record", edit: (s) => editLines(s, (l) => l.slice(0, 1))(), expect: /record 2 \(records\/000001\.jsonl:2\) is missing: records\/000001\.jsonl ends after 1 of its 2 records \(truncated\)/ },
    { name: "an added record", edit: (s) => editLines(s, (l) => [...l, l[1]!])(), expect: /records\/000001\.jsonl holds more than its 2 records: unexpected data on line 3, after record 2/ },
    { name: "reordered records", edit: (s) => editLines(s, (l) => [l[1]!, l[0]!])(), expect: /record 1 \(records\/000001\.jsonl:1\) holds sequence 2: records were reordered or renamed/ },
    {
      name: "a record swapped in from another run",
      edit: async (s) => {
        const other = (await readFile(join(s, "run-1/records/000001.jsonl"), "utf8")).split("\n")[0]!;
        await editLines(s, (l) => [other, l[1]!])();
      },
      expect: /record 1 \(records\/000001\.jsonl:1\) belongs to run run-1, not to run run-2/,
    },
    {
      name: "a segment cut in the middle of a record (a write killed half-way, marker removed by hand)",
      edit: async (s) => {
        const path = join(s, "run-2/records/000001.jsonl");
        const bytes = await readFile(path);
        await writeFile(path, bytes.subarray(0, bytes.length - 40));
      },
      expect: /record 2 \(records\/000001\.jsonl:2\) is cut short: records\/000001\.jsonl ends in the middle of it \(truncated\)/,
    },
    {
      name: "a segment that lost only its last line end",
      edit: async (s) => {
        const path = join(s, "run-2/records/000001.jsonl");
        const bytes = await readFile(path);
        await writeFile(path, bytes.subarray(0, bytes.length - 1));
      },
      expect: /record 2 \(records\/000001\.jsonl:2\) is cut short: records\/000001\.jsonl ends without its line end \(truncated\)/,
    },
    { name: "data after the last record", edit: (s) => appendFile(join(s, "run-2/records/000001.jsonl"), "{}"), expect: /records\/000001\.jsonl holds data after its last record 2/ },
    { name: "a removed segment", edit: (s) => rm(join(s, "run-2/records/000001.jsonl")), expect: /segment records\/000001\.jsonl is missing: it holds records 1–2 of the 2 the manifest lists/ },
    { name: "an added segment", edit: (s) => cp(join(s, "run-2/records/000001.jsonl"), join(s, "run-2/records/000002.jsonl")), expect: /unexpected file records\/000002\.jsonl \(the manifest lists 2 records in 1 segment\(s\)\)/ },
    { name: "a removed record index", edit: (s) => rm(join(s, "run-2/records.sha256")), expect: /records\.sha256 is missing or does not match the hash in the signed manifest/ },
    { name: "a stray file in a run", edit: (s) => writeFile(join(s, "run-2/notes.txt"), "x"), expect: /unexpected file notes\.txt in run run-2/ },
    { name: "a deleted middle run", edit: (s) => rm(join(s, "run-2"), { recursive: true }), expect: /chain broken: run run-3 follows run run-2, which is missing/ },
    { name: "a deleted first run", edit: (s) => rm(join(s, "run-1"), { recursive: true }), expect: /run run-2 follows run run-1, which is missing/ },
    { name: "a deleted latest run", edit: (s) => rm(join(s, "run-3"), { recursive: true }), expect: /HEAD names run run-3 as the latest, but it is missing/ },
    { name: "a renamed run folder", edit: (s) => rename(join(s, "run-3"), join(s, "run-9")), expect: /the signed manifest is for run run-3, but the folder is named run-9/ },
  ];
  for (const c of cases) {
    it(`detects ${c.name}`, async () => {
      const store = await copyOf(pristine);
      await c.edit(store);
      const report = await verifyRun(store);
      assert.equal(report.ok, false);
      assert.match(report.problems.map((p) => p.message).join("\n"), c.expect);
    });
  }

  it("detects an earlier manifest rewritten and re-signed with the same key", async () => {
    const dir = await tempDir();
    const store = await writeChain(dir, ["run-1", "run-2"], key);
    // Rewrite run-1 by writing a different run-1 in another store and copying it over.
    const other = await tempDir();
    const forged = await writeEvidenceRun({ result: { ...fixtureResult("run-1"), projectName: "forged" }, spec: fixtureSpec(other), key, evidenceDir: join(other, "evidence"), assayVersion: "0.1.0-test" });
    await rm(join(store, "run-1"), { recursive: true });
    await cp(forged.runDir, join(store, "run-1"), { recursive: true });
    const report = await verifyRun(store);
    assert.equal(report.ok, false);
    assert.match(report.problem?.message ?? "", /the manifest of run run-1 is not the one run run-2 chained to \(rewritten\?\)/);
    const single = await verifyRun(join(store, "run-2"));
    assert.match(single.problem?.message ?? "", /the manifest of run run-1 is not the one run run-2 chained to/);
  });

  it("detects a manifest re-signed by another key", async () => {
    const dir = await tempDir();
    const store = await writeChain(dir, ["run-1"], key);
    const intruder = await memoryKey();
    const other = await tempDir();
    const forged = await writeEvidenceRun({ result: fixtureResult("run-1"), spec: fixtureSpec(other), key: intruder, evidenceDir: join(other, "evidence"), assayVersion: "0.1.0-test" });
    // Only the signature is replaced: the published key no longer matches.
    await cp(join(forged.runDir, "manifest.jws"), join(store, "run-1/manifest.jws"));
    const alone = await verifyRun(join(store, "run-1"));
    assert.match(alone.problem?.message ?? "", new RegExp(`public.jwk holds key ${key.kid}, but the manifest is signed by key ${intruder.kid}`));
    // Signature, manifest and published key all replaced: only a trusted key catches it.
    for (const f of ["manifest.jws", "manifest.json", "public.jwk"]) await cp(join(forged.runDir, f), join(store, "run-1", f));
    const trusted = await verifyRun(store, { publicKey: key.publicJwk });
    assert.match(trusted.problem?.message ?? "", new RegExp(`signed by key ${intruder.kid}, which is not a trusted key \\(trusted: ${key.kid}\\)`));
  });

  it("flags a key change along the chain unless the keys are given", async () => {
    const dir = await tempDir();
    const store = await writeChain(dir, ["run-1"], key);
    const second = await memoryKey("ES256");
    await writeChain(dir, ["run-2"], second);
    const report = await verifyRun(store);
    assert.match(report.problem?.message ?? "", /signed by 2 different keys/);
    const both = await verifyRun(store, { publicKey: { keys: [key.publicJwk, second.publicJwk] } });
    assert.equal(both.ok, true, both.problem?.message);
  });
});
