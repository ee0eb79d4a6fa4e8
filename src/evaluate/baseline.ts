/**
 * @module The baseline gate: with `--baseline <run>`, the gate fails on requirements that regressed
 * since that run (were not failing or erroring then, are now), so a team can adopt Assay on a
 * platform that is not yet compliant and still stop it getting worse. Pure.
 */
import type { AuditResult } from "../model/index.js";

export interface Regression {
  readonly frameworkId: string;
  readonly id: string;
  readonly label: string;
  readonly before: string | null;
  readonly after: string | null;
}

export function applyBaseline(
  result: AuditResult,
  baselineRunId: string,
  regressed: readonly Regression[],
): AuditResult {
  if (regressed.length === 0) return result;
  const list = regressed
    .slice(0, 8)
    .map((r) => `${r.label} ${r.before ?? "new"}→${r.after ?? "gone"}`)
    .join(", ");
  const reason = `${regressed.length} requirement(s) regressed since ${baselineRunId}: ${list}${regressed.length > 8 ? ", …" : ""}`;
  return { ...result, gate: { passed: false, reasons: [...result.gate.reasons, reason] } };
}
