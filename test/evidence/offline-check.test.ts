/**
 * @module The auditor's offline check (`check-run.cjs` from VERIFY.md and docs/evidence.md), run
 * with plain Node and the trusted public key, verifies runs of both evidence formats and fails on a
 * modified, cut or interrupted run — a verifier independent of Assay's own code.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECK_RUN_SCRIPT } from "../../src/deliver/check-run-script.js";
import { verifyMd } from "../../src/deliver/verify-md.js";
import { memoryKey, tempDir, writeChain } from "./fixtures.js";

const fixture = fileURLToPath(new URL("../fixtures/evidence-v1/", import.meta.url));
const docs = fileURLToPath(new URL("../../docs/evidence.md", import.meta.url));

describe("offline run check (check-run.cjs)", () => {
  let dir: string;
  let script: string;
  let store: string;
  let keyFile: string;
  const check = (key: string, runDir: string) => {
    const r = spawnSync(process.execPath, [script, key, runDir], { encoding: "utf8", cwd: dir });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  before(async () => {
    dir = await tempDir("assay-offline-");
    script = join(dir, "check-run.cjs");
    await writeFile(script, CHECK_RUN_SCRIPT);
    const key = await memoryKey("ES256");
    keyFile = join(dir, "trusted.jwk");
    await writeFile(keyFile, JSON.stringify(key.publicJwk));
    store = await writeChain(dir, ["run-1", "run-2"], key);
  });

  it("is the script VERIFY.md and docs/evidence.md print", async () => {
    const md = verifyMd({ schema: "assay/package@1", project: "p", period: "2026-11", runs: ["run-1"], keyId: "k", chainStartsAfter: null } as unknown as Parameters<typeof verifyMd>[0], "x.zip");
    assert.ok(md.includes(CHECK_RUN_SCRIPT), "VERIFY.md holds the script");
    assert.ok((await readFile(docs, "utf8")).includes(CHECK_RUN_SCRIPT), "docs/evidence.md holds the same script");
  });

  it("verifies format 2 runs and their chain link, and format 1 runs written by the earlier code", () => {
    const two = check(keyFile, join(store, "run-2"));
    assert.equal(two.code, 0, two.out);
    assert.match(two.out, /^VERIFIED run run-2: signature, 2 records, Merkle root, chained to run-1\n$/);
    for (const run of ["run-1", "run-2"]) {
      const one = check(join(fixture, "public.jwk"), join(fixture, "evidence", run));
      assert.equal(one.code, 0, one.out);
      assert.match(one.out, new RegExp(`^VERIFIED run ${run}: signature, ${run === "run-1" ? 2 : 7} records`));
    }
  });

  it("fails on a flipped byte, a cut segment, an extra segment, an interrupted run and the wrong key", async () => {
    const copy = join(dir, "copy");
    const cases: readonly [string, (run: string) => Promise<unknown>, RegExp][] = [
      ["flip", async (run) => { const p = join(run, "records/000001.jsonl"); const b = await readFile(p); b[60] = b[60]! ^ 1; await writeFile(p, b); }, /record 1 \(records\/000001\.jsonl:1\) was modified/],
      ["flip in the last record", async (run) => { const p = join(run, "records/000001.jsonl"); const b = await readFile(p); b[b.length - 5] = b[b.length - 5]! ^ 1; await writeFile(p, b); }, /record 2 \(records\/000001\.jsonl:2\) was modified/],
      ["cut", async (run) => { const p = join(run, "records/000001.jsonl"); const b = await readFile(p); await writeFile(p, b.subarray(0, b.length - 30)); }, /records\/000001\.jsonl is cut short/],
      ["extra segment", (run) => cp(join(run, "records/000001.jsonl"), join(run, "records/000002.jsonl")), /unexpected file records\/000002\.jsonl/],
      ["index", async (run) => writeFile(join(run, "records.sha256"), (await readFile(join(run, "records.sha256"), "utf8")).replace(/^./, "0")), /was modified|not the signed one/],
      ["interrupted", (run) => writeFile(join(run, ".incomplete"), "{}"), /the run is incomplete/],
      ["manifest", async (run) => writeFile(join(run, "manifest.json"), (await readFile(join(run, "manifest.json"), "utf8")).replace('"recordCount":2', '"recordCount":3')), /manifest\.json is not the signed payload/],
    ];
    for (const [name, edit, expect] of cases) {
      await rm(copy, { recursive: true, force: true });
      await cp(store, copy, { recursive: true });
      await edit(join(copy, "run-2"));
      const r = check(keyFile, join(copy, "run-2"));
      assert.equal(r.code, 1, `${name}: ${r.out}`);
      assert.match(r.out, expect, name);
    }
    const wrong = check(join(fixture, "public.jwk"), join(store, "run-2"));
    assert.match(wrong.out, /NOT VERIFIED: the signature does not verify/);
  });
});
