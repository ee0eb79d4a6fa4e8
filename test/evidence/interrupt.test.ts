/** @module A run killed while writing is reported incomplete and never verifies; the store recovers. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listRuns, readRun, verifyRun, writeEvidenceRun } from "../../src/evidence/index.js";
import { acquireStoreLock } from "../../src/evidence/lock.js";
import { fixtureResult, fixtureSpec, memoryKey, tempDir, writeChain } from "./fixtures.js";

const writer = fileURLToPath(new URL("./helpers/interrupted-writer.ts", import.meta.url));

/** Starts the writer and SIGKILLs it once it reports that it stopped at `stopAt`. */
function writeAndKill(projectDir: string, evidenceDir: string, runId: string, stopAt = "record"): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", writer, projectDir, evidenceDir, runId, stopAt], { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("stopped")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => resolve(signal));
  });
}

/** A lock as another writer leaves it: the lock folder and its owner file. */
async function holdLock(store: string, owner: { pid: number; host: string; since: string }): Promise<void> {
  await mkdir(join(store, ".lock"));
  await writeFile(join(store, ".lock.json"), JSON.stringify(owner));
}

describe("interrupted run", () => {
  it("is reported incomplete, never verifies, and the next run still writes and chains", async () => {
    const dir = await tempDir();
    const key = await memoryKey();
    const store = await writeChain(dir, ["run-1"], key);
    const signal = await writeAndKill(dir, store, "run-2");
    assert.equal(signal, "SIGKILL");

    const run = await readRun(join(store, "run-2"));
    assert.equal(run.complete, false);
    assert.ok(run.records.length >= 40 && run.records.length < 402, `the writer died mid-way (${run.records.length} of 402 records on disk)`);
    assert.equal(run.jws, null);
    const alone = await verifyRun(join(store, "run-2"));
    assert.equal(alone.ok, false);
    assert.equal(alone.runs[0]?.complete, false);
    assert.match(alone.problem?.message ?? "", /run run-2 is incomplete: it was interrupted while being written/);
    assert.deepEqual((await listRuns(store)).map((r) => [r.runId, r.complete]), [["run-1", true], ["run-2", false]]);
    // The records reached their segment, unsigned: removing the marker by hand does not make the run verify.
    const segment = await readFile(join(store, "run-2", "records", "000001.jsonl"), "utf8");
    assert.ok(segment.split("\n").length - 1 >= 40, "the killed writer's records are in the segment");
    const marker = await readFile(join(store, "run-2", ".incomplete"));
    await rm(join(store, "run-2", ".incomplete"));
    assert.match((await verifyRun(join(store, "run-2"))).problem?.message ?? "", /run run-2 is incomplete: manifest\.jws is missing/);
    await writeFile(join(store, "run-2", ".incomplete"), marker);

    // The dead writer's lock is stale: the next run takes it over and chains to the last complete run.
    assert.ok(existsSync(join(store, ".lock")));
    const next = await writeEvidenceRun({ result: fixtureResult("run-3"), spec: fixtureSpec(dir), key, evidenceDir: store, assayVersion: "0.1.0-test" });
    const run3 = await readRun(next.runDir, { records: false });
    assert.equal(run3.manifest?.previousRunId, "run-1");
    assert.equal((await verifyRun(next.runDir)).ok, true);
    const whole = await verifyRun(store);
    assert.equal(whole.ok, false);
    assert.deepEqual(whole.problems.map((p) => p.message), ["run run-2 is incomplete: it was interrupted while being written (.incomplete marker present)"]);
  });

  it("killed after the records are durable or after the signed manifest, the run is still incomplete and the chain goes on", async () => {
    const dir = await tempDir();
    const key = await memoryKey();
    const store = await writeChain(dir, ["run-1"], key);
    // Records first, made durable at once; only then the manifest, then HEAD, then the marker goes.
    assert.equal(await writeAndKill(dir, store, "run-2", "records-durable"), "SIGKILL");
    const run2 = await readRun(join(store, "run-2"));
    assert.deepEqual([run2.complete, run2.records.length, run2.jws, existsSync(join(store, "run-2", "manifest.json"))], [false, 402, null, false]);
    assert.equal(await writeAndKill(dir, store, "run-3", "manifest-durable"), "SIGKILL");
    const run3 = await readRun(join(store, "run-3"));
    assert.equal(run3.complete, false);
    assert.notEqual(run3.jws, null, "the signed manifest is on disk, yet the run is not complete");
    assert.match((await verifyRun(join(store, "run-3"))).problem?.message ?? "", /run run-3 is incomplete: it was interrupted while being written/);
    assert.deepEqual(JSON.parse(await readFile(join(store, "HEAD"), "utf8")).runId, "run-1");
    const next = await writeEvidenceRun({ result: fixtureResult("run-4"), spec: fixtureSpec(dir), key, evidenceDir: store, assayVersion: "0.1.0-test" });
    assert.equal((await readRun(next.runDir, { records: false })).manifest?.previousRunId, "run-1");
    assert.deepEqual((await verifyRun(store)).problems.map((p) => p.runId), ["run-2", "run-3"]);
  });

  it("never verifies a run whose marker says incomplete, even when every file is present", async () => {
    const dir = await tempDir();
    const store = await writeChain(dir, ["run-1"], await memoryKey());
    await writeFile(join(store, "run-1", ".incomplete"), "{}\n");
    const report = await verifyRun(join(store, "run-1"));
    assert.equal(report.ok, false);
    assert.equal((await readRun(join(store, "run-1"))).complete, false);
  });

  it("an interrupted run whose marker has no start time (a damaged or empty marker) is reported alone, not as a key change", async () => {
    const dir = await tempDir();
    const store = await writeChain(dir, ["run-1", "run-2"], await memoryKey());
    // A run folder as a writer killed before its marker was complete leaves it: sorted first, no key.
    await mkdir(join(store, "run-0"));
    await writeFile(join(store, "run-0", ".incomplete"), "");
    const report = await verifyRun(store);
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.problems.map((p) => p.message),
      ["run run-0 is incomplete: it was interrupted while being written (.incomplete marker present)"],
    );
  });

  it("continues the chain from the newest complete run when HEAD was lost", async () => {
    const dir = await tempDir();
    const key = await memoryKey();
    const store = await writeChain(dir, ["run-1", "run-2"], key);
    await rm(join(store, "HEAD"));
    assert.match((await verifyRun(store)).problem?.message ?? "", /HEAD is missing/);
    await writeChain(dir, ["run-3"], key);
    assert.equal((await readRun(join(store, "run-3"), { records: false })).manifest?.previousRunId, "run-2");
    assert.equal((await verifyRun(store)).ok, true);
  });

  it("refuses a second writer while the store is locked by a live process", async () => {
    const dir = await tempDir();
    const key = await memoryKey();
    const store = await writeChain(dir, ["run-1"], key);
    await holdLock(store, { pid: process.pid, host: hostname(), since: "2026-11-24T07:00:00Z" });
    await assert.rejects(
      writeEvidenceRun({ result: fixtureResult("run-2"), spec: fixtureSpec(dir), key, evidenceDir: store, assayVersion: "0.1.0-test" }),
      new RegExp(`locked by pid ${process.pid} .*another assay run is writing to it`),
    );
    assert.equal(existsSync(join(store, "run-2")), false);
  });

  it("refuses a fresh lock from another host, and takes over one nobody refreshed (a writer that died there)", async () => {
    const dir = await tempDir();
    const key = await memoryKey();
    const store = await writeChain(dir, ["run-1"], key);
    await holdLock(store, { pid: 1, host: "other-host.example", since: "2026-11-24T07:00:00Z" });
    await assert.rejects(acquireStoreLock(store, { staleMs: 2000 }), /locked by pid 1 on other-host\.example .*taken over/);
    // The other host stopped refreshing the lock a minute ago.
    const old = new Date(Date.now() - 60_000);
    await utimes(join(store, ".lock"), old, old);
    const started = Date.now();
    const lock = await acquireStoreLock(store, { staleMs: 2000 });
    assert.ok(Date.now() - started < 1000, "a stale lock is taken over without waiting");
    assert.equal(JSON.parse(await readFile(join(store, ".lock.json"), "utf8")).pid, process.pid);
    await lock.release();
    assert.equal(existsSync(join(store, ".lock")), false);
    const next = await writeEvidenceRun({ result: fixtureResult("run-2"), spec: fixtureSpec(dir), key, evidenceDir: store, assayVersion: "0.1.0-test" });
    assert.equal((await verifyRun(next.runDir)).ok, true);
  });
});
