/**
 * @module Requirement results: fold its checks over every target they ran on, overlay waivers, then
 * the requirement's attestation. Check-level waivers are already on the check results (`waived`,
 * keeping `underlying`) and count as passes in the fold; a requirement-level waiver turns a failing
 * or erroring requirement into `waived`; expired waivers are listed so reports can say so. No
 * checks: the attestation decides (`attested`), a lapsed one makes it `overdue`, none leaves it
 * `unassessed`. Checks and an attestation: both must hold. Checks but no target → not_applicable.
 * A requirement the run's selection narrowed is `not_selected` unless what did run already fails.
 */
import type {
  AppliedWaiver,
  Assessment,
  Attestation,
  CheckResult,
  Requirement,
  RequirementResult,
  Status,
  Waiver,
} from "../model/index.js";
import { applyAttestation, attestationOf, type AttestationVerdict } from "./attestations.js";
import { type Decided, fold } from "./fold.js";
import { pickWaiver } from "./waivers.js";

export function requirementResult(
  req: Requirement,
  results: readonly CheckResult[],
  waivers: readonly Waiver[],
  today: string,
  attestations: readonly Attestation[] = [],
): RequirementResult {
  const automated = checkedResult(req, results, waivers, today);
  const attestation = attestationOf(attestations, req.id);
  if (!attestation) return automated;
  const { applied: a, verdict } = applyAttestation(attestation, today);
  if (req.checks.length === 0) {
    const status: Status = verdict;
    return {
      ...automated,
      status,
      underlying: status,
      assessment: verdict === "overdue" ? "overdue" : "attested",
      attestation: a,
    };
  }
  const status = withAttestation(automated.status, verdict);
  const assessment: Assessment = verdict === "overdue" ? "overdue" : "automated";
  return {
    ...automated,
    status,
    underlying: withAttestation(automated.underlying, verdict),
    assessment,
    attestation: a,
  };
}

/** Both must hold: a failing or waived automated result stands; otherwise the attestation can only lower it. */
function withAttestation(s: Status, verdict: AttestationVerdict): Status {
  if (s === "fail" || s === "error" || s === "waived") return s;
  if (verdict === "overdue") return "overdue";
  if (s === "pass" || s === "not_applicable") return fold([s, verdict === "fail" ? "fail" : verdict]);
  return s;
}

function checkedResult(
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
  if (req.checks.length === 0)
    return { ...base, status: "unassessed", underlying: "unassessed", assessment: "unassessed" };

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
    assessment: "automated",
    ...(status === "waived" && waiver ? { waiver } : {}),
    ...(expired.length > 0 ? { expiredWaivers: dedupe(expired) } : {}),
  };
}

function dedupe(ws: readonly AppliedWaiver[]): AppliedWaiver[] {
  return [...new Map(ws.map((w) => [w.id, w])).values()];
}

/**
 * A requirement the selection narrowed (`SpecSelection.narrowed`): when none of it ran it is
 * `not_selected`; when some ran, a fail, error, lapsed attestation or waiver found stands (the
 * part left out cannot undo it) and anything else becomes `not_selected`, never a claim about
 * checks that did not run. Either way it is not counted as assessed.
 */
export function withSelection(r: RequirementResult, narrowed: "none" | "some" | undefined): RequirementResult {
  if (narrowed === undefined) return r;
  const stands = r.status === "fail" || r.status === "error" || r.status === "overdue" || r.status === "waived";
  if (narrowed === "some" && stands) return r;
  return { ...r, status: "not_selected", underlying: "not_selected", assessment: "unassessed" };
}
