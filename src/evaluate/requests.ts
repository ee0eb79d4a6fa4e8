/**
 * @module Evidence requests for the next period (pure): every requirement a person decides whose
 * attestation is missing, lapsed, broken (changed document, bad signature) or due within the
 * window, with its owner (project `owners:` by requirement, then group, then framework), the due
 * day and the documents to provide. Requirements the project excludes are not asked for.
 */
import type { AuditSpec } from "../model/index.js";
import { applyAttestation, attestationOf } from "./attestations.js";
import { addDuration } from "./dates.js";

export interface EvidenceRequest {
  readonly requirementId: string;
  readonly frameworkId: string;
  readonly label: string;
  readonly title: string;
  readonly reason: "missing" | "overdue" | "invalid" | "due";
  /** Why in words: lapsed on…, document changed…, expires on…. */
  readonly detail: string;
  readonly owner: string;
  /** YYYY-MM-DD: today for missing and invalid ones, the lapse day otherwise. */
  readonly due: string;
  readonly review: string | null;
  readonly documents: readonly string[];
}

/** `dueWithin` is an ISO 8601 duration (P30D); `today` is YYYY-MM-DD. Most urgent first. */
export function evidenceRequests(spec: AuditSpec, today: string, dueWithin = "P30D"): EvidenceRequest[] {
  const horizon = addDuration(today, dueWithin);
  const owners = spec.owners ?? {};
  const out: EvidenceRequest[] = [];
  for (const f of spec.frameworks) {
    for (const g of f.groups) {
      for (const r of g.requirements) {
        if (spec.applicability?.get(r.id)?.applicable === false) continue;
        const attestation = attestationOf(spec.attestations ?? [], r.id);
        if (r.checks.length > 0 && !attestation) continue; // probes decide it
        const owner = owners[r.id] ?? owners[g.id] ?? owners[f.id] ?? "unassigned";
        const base = {
          requirementId: r.id,
          frameworkId: f.id,
          label: r.label,
          title: r.title,
          owner,
          review: r.review?.every ?? null,
          documents: r.manual?.evidence ?? [],
        };
        if (!attestation) {
          out.push({ ...base, reason: "missing", detail: "no attestation", due: today });
          continue;
        }
        const { applied } = applyAttestation(attestation, today);
        if (applied.lapsed)
          out.push({
            ...base,
            reason: "overdue",
            detail: `attestation lapsed on ${applied.expires}`,
            due: applied.expires,
          });
        else if (applied.problems.length > 0)
          out.push({ ...base, reason: "invalid", detail: applied.problems.join("; "), due: today });
        else if (applied.expires <= horizon)
          out.push({
            ...base,
            reason: "due",
            detail: `attestation expires on ${applied.expires}`,
            due: applied.expires,
          });
      }
    }
  }
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.requirementId < b.requirementId ? -1 : 1));
}
