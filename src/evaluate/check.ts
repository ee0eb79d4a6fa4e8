/**
 * @module Check × target results: the findings of the aspects a check selects, folded; a valid
 * check-level attestation stands in for a probe error; then the check-level waivers overlaid (a
 * waived fail/error becomes `waived` and keeps `underlying`).
 */
import type { AppliedWaiver, Attestation, Check, CheckResult, Finding, Observation, Waiver } from "../model/index.js";
import { applyAttestation, checkAttestationOf, describeAttestation } from "./attestations.js";
import { fold } from "./fold.js";
import { pickWaiver } from "./waivers.js";

type Base = Omit<CheckResult, "status" | "waiver" | "expiredWaivers">;

export function checkResult(check: Check, targetId: string, obs: Observation): CheckResult {
  const base = { checkId: check.id, targetId, invocationId: obs.invocationId };
  if (obs.error !== undefined) return decided({ ...base, underlying: "error", message: obs.error, findings: [] });
  const findings = check.aspects ? obs.findings.filter((f) => check.aspects?.includes(f.aspect)) : obs.findings;
  if (findings.length === 0) {
    const which = check.aspects ? ` for aspect ${check.aspects.join(", ")}` : "";
    const message = `probe ${obs.probeId} returned no finding${which}`;
    return decided({ ...base, underlying: "error", message, findings: [] });
  }
  const underlying = fold(findings.map((f) => f.status));
  return decided({ ...base, underlying, message: summarise(underlying, findings), findings });
}

const decided = (b: Base): CheckResult => ({ ...b, status: b.underlying });

/** Overlay the check-level waivers (`control: <check id>`) on one check × target result. */
export function waiveCheck(r: CheckResult, waivers: readonly Waiver[], today: string): CheckResult {
  if (r.underlying !== "fail" && r.underlying !== "error") return r;
  const expired: AppliedWaiver[] = [];
  const waiver = pickWaiver(waivers, r.checkId, r.targetId, today, expired);
  return {
    ...r,
    ...(waiver ? { status: "waived" as const, waiver } : {}),
    ...(expired.length > 0 ? { expiredWaivers: expired } : {}),
  };
}

/** One line for a check × target: the first decisive finding and how many more share its status. */
function summarise(status: CheckResult["underlying"], findings: readonly Finding[]): string {
  const decisive = findings.filter((f) => f.status === status);
  const first = decisive[0]?.message ?? "";
  const more = decisive.length - 1;
  if (more === 0) return first;
  const noun = status === "fail" ? "failure" : status === "error" ? "error" : "finding";
  return `${first} (+${more} more ${noun}${more === 1 ? "" : "s"})`;
}

/**
 * A check that cannot be automated on a target (its probe gave `error`) takes the status of a valid
 * attestation of that check covering the target; the row says who attested. A lapsed or broken
 * attestation leaves the error standing, with the reason added.
 */
export function attestCheck(r: CheckResult, attestations: readonly Attestation[], today: string): CheckResult {
  if (r.status !== "error") return r;
  const a = checkAttestationOf(attestations, r.checkId, r.targetId);
  if (!a) return r;
  const { applied, verdict } = applyAttestation(a, today);
  const said = describeAttestation(applied);
  if (verdict === "overdue" || applied.problems.length > 0) return { ...r, message: `${r.message}; ${said}` };
  return {
    ...r,
    status: verdict,
    underlying: verdict,
    message: `${said}: ${applied.statement} (probe: ${r.message})`,
  };
}
