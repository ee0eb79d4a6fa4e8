/** @module Check × target results: the findings of the aspects a check selects, folded. */
import type { Check, CheckResult, Finding, Observation } from "../model/index.js";
import { fold } from "./fold.js";

export function checkResult(check: Check, targetId: string, obs: Observation): CheckResult {
  const base = { checkId: check.id, targetId, invocationId: obs.invocationId };
  if (obs.error !== undefined) {
    return { ...base, status: "error", message: obs.error, findings: [] };
  }
  const findings = check.aspects ? obs.findings.filter((f) => check.aspects?.includes(f.aspect)) : obs.findings;
  if (findings.length === 0) {
    const which = check.aspects ? ` for aspect ${check.aspects.join(", ")}` : "";
    return { ...base, status: "error", message: `probe ${obs.probeId} returned no finding${which}`, findings: [] };
  }
  const status = fold(findings.map((f) => f.status));
  return { ...base, status, message: summarise(status, findings), findings };
}

function summarise(status: CheckResult["status"], findings: readonly Finding[]): string {
  const decisive = findings.filter((f) => f.status === status);
  const first = decisive[0]?.message ?? "";
  if (status === "pass" || status === "not_applicable")
    return decisive.length > 1 ? `${first} (+${decisive.length - 1} more)` : first;
  return decisive.length > 1
    ? `${first} (and ${decisive.length - 1} more ${status === "fail" ? "failures" : "errors"})`
    : first;
}
