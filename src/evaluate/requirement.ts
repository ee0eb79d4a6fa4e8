/**
 * @module Requirement results: fold its checks over every target they ran on, then overlay waivers.
 * Check-level waivers are already on the check results (`waived`, keeping `underlying`): they
 * count as passes in the fold, so a requirement whose only failing checks are waived is `waived`.
 * A requirement-level waiver turns a failing or erroring requirement into `waived`. Expired
 * waivers no longer apply and are listed so reports can say so. No checks → `manual`; checks but
 * no target → not_applicable.
 */
import type { AppliedWaiver, CheckResult, Requirement, RequirementResult, Status, Waiver } from "../model/index.js";
import { type Decided, fold } from "./fold.js";
import { pickWaiver } from "./waivers.js";

export function requirementResult(
  req: Requirement,
  results: readonly CheckResult[],
  waivers: readonly Waiver[],
  today: string,
): RequirementResult {
  const base = {
    requirementId: req.id,
    frameworkId: req.frameworkId,
    label: req.label,
    title: req.title,
    severity: req.severity,
    checks: results,
    ...(req.manual ? { manualEvidence: req.manual.evidence } : {}),
  };
  if (req.checks.length === 0) return { ...base, status: "manual", underlying: "manual" };

  const expired: AppliedWaiver[] = results.flatMap((r) => r.expiredWaivers ?? []);
  let waiver = results.find((r) => r.status === "waived")?.waiver;
  const effective: Decided[] = results.map((r) => (r.status === "waived" ? "pass" : r.status));
  const underlying: Status = results.length === 0 ? "not_applicable" : fold(results.map((r) => r.underlying));
  let status: Status = results.length === 0 ? "not_applicable" : fold(effective);
  if (status === "fail" || status === "error") {
    const w = pickWaiver(waivers, req.id, undefined, today, expired);
    if (w) [waiver, status] = [w, "waived"];
  } else if (waiver && underlying !== status) {
    status = "waived";
  }
  return {
    ...base,
    status,
    underlying,
    ...(status === "waived" && waiver ? { waiver } : {}),
    ...(expired.length > 0 ? { expiredWaivers: dedupe(expired) } : {}),
  };
}

function dedupe(ws: readonly AppliedWaiver[]): AppliedWaiver[] {
  return [...new Map(ws.map((w) => [w.id, w])).values()];
}
