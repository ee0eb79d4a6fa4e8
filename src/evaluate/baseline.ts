/**
 * @module The baseline gate: with `--baseline <run>`, the gate fails on what regressed since that
 * run — requirements that were not failing or erroring then and are now, and check × target
 * results that newly fail or carry a new failing finding — so a team can adopt Assay on a platform
 * that is not yet compliant and still stop it getting worse. The decision names the baseline. Pure.
 */
import type { AuditResult } from "../model/index.js";
import type { CheckChange, RunDiff } from "./diff.js";

const LISTED = 8;

export function describeCheckChange(c: CheckChange): string {
  const what = `${c.checkId} @ ${c.targetId} ${c.before ?? "new"}→${c.after ?? "gone"}`;
  // Only a check that kept failing needs the count: it regressed through new failing findings.
  if (c.findings.length === 0 || c.before !== c.after) return what;
  return `${what} (${c.findings.length} new failing finding${c.findings.length === 1 ? "" : "s"})`;
}

export function applyBaseline(result: AuditResult, baselineRunId: string, diff: RunDiff): AuditResult {
  const reasons = [...result.gate.reasons];
  const reqs = diff.regressed;
  if (reqs.length > 0) {
    const list = reqs.slice(0, LISTED).map((r) => `${r.label} ${r.before ?? "new"}→${r.after ?? "gone"}`);
    reasons.push(
      `${reqs.length} requirement(s) regressed since ${baselineRunId}: ${list.join(", ")}${reqs.length > LISTED ? ", …" : ""}`,
    );
  }
  const checks = diff.checks.regressed;
  if (checks.length > 0) {
    const list = checks.slice(0, LISTED).map(describeCheckChange);
    reasons.push(
      `${checks.length} check × target result(s) regressed since ${baselineRunId}: ${list.join(", ")}${checks.length > LISTED ? ", …" : ""}`,
    );
  }
  return { ...result, gate: { passed: reasons.length === 0, reasons, baseline: baselineRunId } };
}
