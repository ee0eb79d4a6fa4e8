/**
 * @module Requirement results: fold its checks over every target they ran on, then overlay waivers.
 * A waived fail/error becomes `waived` and keeps `underlying`; an expired waiver no longer applies
 * and is listed so reports can say so. No checks → `manual`; checks but no target → not_applicable.
 */
import type { AppliedWaiver, CheckResult, Requirement, RequirementResult, Status, Waiver } from "../model/index.js";
import { type Decided, fold } from "./fold.js";
import { applied, isExpired, matching } from "./waivers.js";

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

  const expired: AppliedWaiver[] = [];
  let waiver: AppliedWaiver | undefined;
  // Check-level waivers turn single fail/error results into passes for the fold, keeping them visible.
  const effective: Decided[] = results.map((r) => {
    if (r.status !== "fail" && r.status !== "error") return r.status;
    const w = pick(matching(waivers, r.checkId, r.targetId), today, expired);
    if (!w) return r.status;
    waiver ??= w;
    return "pass";
  });
  const underlying: Status = results.length === 0 ? "not_applicable" : fold(results.map((r) => r.status));
  let status: Status = results.length === 0 ? "not_applicable" : fold(effective);
  if (status === "fail" || status === "error") {
    const w = pick(matching(waivers, req.id), today, expired);
    if (w) waiver = w;
    if (w) status = "waived";
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

function pick(candidates: readonly Waiver[], today: string, expired: AppliedWaiver[]): AppliedWaiver | undefined {
  for (const w of candidates) {
    if (!isExpired(w, today)) return applied(w);
    expired.push(applied(w));
  }
  return undefined;
}

function dedupe(ws: readonly AppliedWaiver[]): AppliedWaiver[] {
  return [...new Map(ws.map((w) => [w.id, w])).values()];
}
