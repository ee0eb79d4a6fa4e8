/**
 * @module The streaming evidence writer: records appended as they arrive, sealed into one signed
 * run; aborted runs never verify; the store stays locked while a run is open; runs larger than one
 * segment are split and still verified record by record.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { checkRecord, layout, openEvidenceRun, readRun, requirementIndex, verifyRun } from "../../src/evidence/index.js";
import { fixtureResult, fixtureSpec, memoryKey, tempDir } from "./fixtures.js";

describe("streaming evidence writer", () => {
  it("numbers records in the order they arrive and seals them into a run that verifies", async () => {
    const dir = await tempDir();
    const key = await memoryKey();
    const spec = fixtureSpec(dir);
    const result = fixtureResult("run-1", 3);
    const writer = await openEvidenceRun({ evidenceDir: join(dir, "evidence"), runId: "run-1", key });
    const byInvocation = new Map(result.observations.map((o) => [o.invocationId, o]));
    const requirementsOf = requirementIndex(spec);
    // As a fleet coordinator would: in completion order, not in the plan's order.
    const arrived = [...result.checkResults].reverse();
    for (const c of arrived) await writer.append(checkRecord(c, byInvocation.get(c.invocationId), requirementsOf, spec, result));
    assert.equal(writer.recordCount, 5);
    const written = await writer.seal({ result, spec, assayVersion: "0.1.0-test" });
    assert.equal(written.recordCount, 5);
    const report = await verifyRun(written.runDir, { publicKey: key.publicJwk });
    assert.equal(report.ok, true, report.problem?.message);
    const run = await readRun(written.runDir);
    assert.deepEqual(run.records.map((r) => [r.sequence, r.targetId]), arrived.map((c, i) => [i + 1, c.targetId]));
    await assert.rejects(writer.append(checkRecord(arrived[0]!, undefined, requirementsOf, spec, result)), /run run-1 is closed; no record can be added/);
  });

  it("keeps the store locked while a run is open; an aborted run stays incomplete and the next run chains past it", async () => {
    const dir = await tempDir();
    const key = await memoryKey();
    const spec = fixtureSpec(dir);
    const evidenceDir = join(dir, "evidence");
    const first = await openEvidenceRun({ evidenceDir, runId: "run-1", key });
    await first.seal({ result: fixtureResult("run-1"), spec, assayVersion: "0.1.0-test" });
    const open = await openEvidenceRun({ evidenceDir, runId: "run-2", key });
    await assert.rejects(openEvidenceRun({ evidenceDir, runId: "run-3", key }), /is locked by pid \d+ .*another assay run is writing to it/);
    await open.append({ checkId: "c", requirementIds: [], targetId: "t", probeId: "p", probeVersion: "1", params: {}, facts: {}, status: "pass", message: "ok", findings: [], startedAt: "2026-11-24T07:00:00Z", endedAt: "2026-11-24T07:00:01Z" });
    await open.abort();
    const aborted = await verifyRun(join(evidenceDir, "run-2"));
    assert.match(aborted.problem?.message ?? "", /run run-2 is incomplete: it was interrupted while being written/);
    const third = await openEvidenceRun({ evidenceDir, runId: "run-3", key });
    const sealed = await third.seal({ result: fixtureResult("run-3"), spec, assayVersion: "0.1.0-test" });
    assert.equal((await readRun(sealed.runDir, { records: false })).manifest?.previousRunId, "run-1");
    await assert.rejects(third.seal({ result: fixtureResult("run-3"), spec, assayVersion: "0.1.0-test" }), /run run-3 was already closed/);
  });

  it("splits a run into segments of 65,536 records and names a record in the second segment", async () => {
    const dir = await tempDir();
    const key = await memoryKey();
    const result = fixtureResult("big");
    const writer = await openEvidenceRun({ evidenceDir: join(dir, "evidence"), runId: "big", key, durable: false });
    const rec = { checkId: "c", requirementIds: [], targetId: "t", probeId: "p", probeVersion: "1", params: {}, facts: {}, status: "pass", message: "", findings: [], startedAt: "", endedAt: "" } as const;
    for (let i = 0; i < layout.SEGMENT_RECORDS + 2; i++) await writer.append({ ...rec, targetId: `t${i}` });
    const written = await writer.seal({ result, spec: fixtureSpec(dir), assayVersion: "0.1.0-test" });
    assert.deepEqual(await readdir(join(written.runDir, "records")), ["000001.jsonl", "000002.jsonl"]);
    const ok = await verifyRun(written.runDir);
    assert.equal(ok.ok, true, ok.problem?.message);
    assert.match(ok.runs[0]?.checked.join("\n") ?? "", /2 segment\(s\) for 65538 records, nothing extra/);
    const second = join(written.runDir, "records/000002.jsonl");
    const lines = (await readFile(second, "utf8")).split("\n");
    assert.equal(JSON.parse(lines[1]!).sequence, layout.SEGMENT_RECORDS + 2);
    await rm(second);
    assert.match((await verifyRun(written.runDir)).problem?.message ?? "", /segment records\/000002\.jsonl is missing: it holds records 65537–65538 of the 65538 the manifest lists/);
  });
});
