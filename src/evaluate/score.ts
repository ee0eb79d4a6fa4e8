/**
 * @module Framework scores and the CI gate. Score = Σ weight × credit / Σ weight over requirements
 * that are pass, fail, error or overdue (credit 1 for pass): the assessed ones, automated or
 * attested, plus lapsed attestations so letting one lapse never raises a score; waived, unassessed
 * and not_applicable are outside the score, which is always shown with its coverage. Weights come from the severity table in the model.
 */
import {
  ASSESSMENTS,
  type Assessment,
  type FrameworkResult,
  type GateDecision,
  type GateOptions,
  type RequirementResult,
  SEVERITY_WEIGHT,
  STATUSES,
  type Status,
  type StatusCounts,
  severityAtLeast,
} from "../model/index.js";
import { isScored } from "./fold.js";

export function score(reqs: readonly RequirementResult[]): number | null {
  let total = 0;
  let earned = 0;
  for (const r of reqs) {
    if (!isScored(r.status)) continue;
    const w = SEVERITY_WEIGHT[r.severity];
    total += w;
    if (r.status === "pass") earned += w;
  }
  return total === 0 ? null : Math.round((earned / total) * 1000) / 10;
}

export function assessments(reqs: readonly RequirementResult[]): Readonly<Record<Assessment, number>> {
  const c = Object.fromEntries(ASSESSMENTS.map((a) => [a, 0])) as Record<Assessment, number>;
  for (const r of reqs) c[r.assessment]++;
  return c;
}

/** Share (0–100, one decimal) of requirements decided by probes or a valid attestation. */
export function coverage(by: Readonly<Record<Assessment, number>>): number {
  const total = ASSESSMENTS.reduce((n, a) => n + by[a], 0);
  return total === 0 ? 0 : Math.round(((by.automated + by.attested) / total) * 1000) / 10;
}

export function counts(reqs: readonly RequirementResult[]): StatusCounts {
  const c = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of reqs) c[r.status]++;
  return c;
}

export function gate(frameworks: readonly FrameworkResult[], opts: GateOptions): GateDecision {
  const reasons: string[] = [];
  if (opts.failUnder !== undefined) {
    for (const f of frameworks) {
      if (f.score !== null && f.score < opts.failUnder)
        reasons.push(`${f.frameworkId} scored ${f.score}, below ${opts.failUnder}`);
    }
  }
  const floor = opts.failOn;
  if (floor !== undefined) {
    for (const f of frameworks) {
      const bad = f.requirements.filter(
        (r) =>
          (r.status === "fail" || r.status === "error" || r.status === "overdue") && severityAtLeast(r.severity, floor),
      );
      if (bad.length === 0) continue;
      const scope = floor === "info" ? "" : ` at or above ${floor}`;
      const list = `${bad
        .slice(0, 5)
        .map((r) => r.label)
        .join(", ")}${bad.length > 5 ? ", …" : ""}`;
      reasons.push(
        `${f.frameworkId}: ${bad.length} requirement${bad.length === 1 ? "" : "s"}${scope} failing, in error or overdue (${list})`,
      );
    }
  }
  return { passed: reasons.length === 0, reasons };
}
