/** Reports are rebuilt from stored, signed runs: verification result, record hashes, trend, every format written. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadReportModel, renderReport, parseFormats, ReportUsageError } from "../../src/report/index.js";
import { fixtureKey, writeFixtureRuns } from "./fixtures/run.js";

async function store() {
  const dir = await mkdtemp(join(tmpdir(), "assay-report-"));
  const { key, publicJwk } = await fixtureKey();
  const runs = await writeFixtureRuns(
    dir,
    [
      { runId: "run-1", startedAt: "2026-11-10T07:00:00.000Z", failRate: 0.3 },
      { runId: "run-2", startedAt: "2026-11-17T07:00:00.000Z", failRate: 0.2 },
      { runId: "run-3", startedAt: "2026-11-24T07:00:00.000Z", failRate: 0.1 },
    ],
    key,
  );
  return { dir, runs, publicJwk, evidenceDir: join(dir, "evidence") };
}

test("a report model is built from a stored run: verified, hashes as signed, trend over the earlier runs", async () => {
  const { dir, runs, evidenceDir, publicJwk } = await store();
  const keyFile = join(dir, "assay-public.jwk");
  await writeFile(keyFile, JSON.stringify(publicJwk));
  const model = await loadReportModel("run-3", { evidenceDir, publicKey: [keyFile] });
  assert.equal(model.run.runId, "run-3");
  assert.equal(model.verification.ok, true, model.verification.problems.join("; "));
  assert.equal(model.verification.keyFingerprint, model.verification.keyId, "the key id is the key's JWK thumbprint");
  assert.match(model.verification.command, /^assay verify .*run-3 --key .*assay-public\.jwk$/);
  const sums = (await readFile(join(runs[2]!, "records.sha256"), "utf8")).split("\n");
  for (const r of model.records) {
    assert.equal(sums[r.sequence - 1], r.sha256, `record ${r.sequence} hash is the signed one`);
    assert.equal(r.file, `records/000001.jsonl:${r.sequence}`);
  }
  const manifestJws = await readFile(join(runs[2]!, "manifest.jws"));
  const { createHash } = await import("node:crypto");
  assert.equal(model.verification.manifestSha256, createHash("sha256").update(manifestJws).digest("hex"));
  assert.deepEqual(
    model.trend.map((t) => t.runId),
    ["run-1", "run-2", "run-3"],
  );
  assert.ok(
    model.checks.every((c) => c.source?.file === "checks/pg.yaml"),
    "check locations are relative to the project",
  );
});

test("a tampered run still renders, with the verification box saying it did not verify", async () => {
  const { runs, evidenceDir } = await store();
  const recordsDir = join(runs[2]!, "records");
  const first = join(recordsDir, (await readdir(recordsDir)).sort()[0]!);
  await writeFile(first, (await readFile(first, "utf8")).replace("TLSv1.2", "TLSv1.3"));
  const model = await loadReportModel(runs[2]!, { evidenceDir });
  assert.equal(model.verification.ok, false);
  assert.ok(model.verification.problems.length > 0);
});

test("an unknown run or an unknown format is a clear error", async () => {
  const { evidenceDir } = await store();
  await assert.rejects(loadReportModel("no-such-run", { evidenceDir }), /no run no-such-run/);
  assert.throws(
    () => parseFormats("html,docx"),
    (e: unknown) =>
      e instanceof ReportUsageError &&
      /unknown report format "docx"; known: html, pdf, json, junit, sarif, oscal, md/.test(e.message),
  );
  assert.deepEqual(parseFormats(" HTML, md,html"), ["html", "md"]);
});

test("renderReport writes each asked format into the output folder", async () => {
  const { dir, evidenceDir } = await store();
  const model = await loadReportModel("run-3", { evidenceDir });
  const out = join(dir, "reports", "nested");
  const { written, failed } = await renderReport(model, ["html", "json", "junit", "sarif", "oscal", "md"], out);
  assert.deepEqual((await readdir(out)).sort(), [
    "assessment-results.json",
    "junit.xml",
    "report.html",
    "report.json",
    "report.sarif",
    "summary.md",
  ]);
  assert.equal(written.length, 6);
  assert.deepEqual(failed, []);
  assert.match(await readFile(join(out, "report.html"), "utf8"), /^<!DOCTYPE html>/);
});
