/** @module The optional steps of `assay run` after evaluation: compare to a baseline run, render reports. */
import { join } from "node:path";
import { applyBaseline } from "../evaluate/baseline.js";
import { buildSummary, readRun, resolveRunDir } from "../evidence/index.js";
import type { AuditResult, AuditSpec } from "../model/index.js";
import { diffRuns, loadReportModel, type ReportFormat, renderReport } from "../report/index.js";

/** Re-gate `result` on regressions against a stored run (by folder or id in the evidence store). */
export async function gateOnBaseline(result: AuditResult, spec: AuditSpec, baseline: string): Promise<AuditResult> {
  const dir = await resolveRunDir(baseline, spec.settings.evidenceDir);
  const stored = await readRun(dir, { records: false });
  if (!stored.complete || !stored.manifest)
    throw new Error(`baseline run ${baseline} is incomplete; pick a complete run (assay runs list)`);
  const diff = diffRuns(stored.manifest.summary, buildSummary(result, spec));
  return applyBaseline(result, stored.manifest.runId, diff.regressed);
}

/** Render reports of the stored (and verified) run into `<reportsDir>/<runId>/`. */
export async function renderRunReports(
  runDir: string,
  runId: string,
  spec: AuditSpec,
  formats: readonly ReportFormat[],
  reportsDir?: string,
): Promise<string[]> {
  const model = await loadReportModel(runDir, { evidenceDir: spec.settings.evidenceDir });
  return renderReport(model, formats, join(reportsDir ?? spec.settings.reportsDir, runId));
}
