/**
 * @module Attestations (pure): which attestation speaks for a requirement or a check × target on a
 * given day, and what it says. Lapsed → `overdue` (not a pass); a changed or missing document or a
 * signature that does not verify → `fail` with the reason; otherwise implemented → pass,
 * partially_implemented / not_implemented → fail, not_applicable → not_applicable.
 */
import type { AppliedAttestation, Attestation, AttestedStatus, Status } from "../model/index.js";
import { addDuration } from "./dates.js";

export type AttestationVerdict = Extract<Status, "pass" | "fail" | "not_applicable" | "overdue">;

const VERDICT: Readonly<Record<AttestedStatus, AttestationVerdict>> = {
  implemented: "pass",
  partially_implemented: "fail",
  not_implemented: "fail",
  not_applicable: "not_applicable",
};

/** The newest attestation of a requirement (attestations naming a check are not requirement-level). */
export function attestationOf(attestations: readonly Attestation[], requirementId: string): Attestation | undefined {
  return newest(attestations.filter((a) => a.requirement === requirementId));
}

/** The newest attestation of a check that covers the target. */
export function checkAttestationOf(
  attestations: readonly Attestation[],
  checkId: string,
  targetId: string,
): Attestation | undefined {
  return newest(attestations.filter((a) => a.check === checkId && (!a.targets || a.targets.includes(targetId))));
}

function newest(list: readonly Attestation[]): Attestation | undefined {
  return [...list].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0];
}

/** What the attestation means on `today` (YYYY-MM-DD). */
export function applyAttestation(
  a: Attestation,
  today: string,
): { applied: AppliedAttestation; verdict: AttestationVerdict } {
  const problems: string[] = [];
  for (const d of a.documents) {
    if (d.currentSha256 === null) problems.push(`document ${d.name} is missing (recorded SHA-256 ${short(d.sha256)})`);
    else if (d.currentSha256 !== undefined && d.currentSha256 !== d.sha256)
      problems.push(
        `document ${d.name} changed since attestation (recorded ${short(d.sha256)}, now ${short(d.currentSha256)})`,
      );
  }
  if (a.signature && !a.signature.valid)
    problems.push(`signature does not verify${a.signature.problem ? `: ${a.signature.problem}` : ""}`);
  const expires = addDuration(a.date, a.validFor);
  const lapsed = expires <= today;
  const applied: AppliedAttestation = {
    id: a.id,
    status: a.status,
    statement: a.statement,
    ...(a.justification !== undefined ? { justification: a.justification } : {}),
    attester: a.attester,
    date: a.date,
    validFor: a.validFor,
    expires,
    lapsed,
    signature: a.signature ? { valid: a.signature.valid, keyThumbprint: a.signature.keyThumbprint } : null,
    documents: a.documents.map((d) => ({
      name: d.name,
      sha256: d.sha256,
      ...(d.currentSha256 !== undefined ? { currentSha256: d.currentSha256 } : {}),
    })),
    problems,
  };
  const verdict: AttestationVerdict = lapsed ? "overdue" : problems.length > 0 ? "fail" : VERDICT[a.status];
  return { applied, verdict };
}

/** One line for a check row or a terminal summary: who said what, until when, and any problem. */
export function describeAttestation(a: AppliedAttestation): string {
  const who = `${a.attester.name} (${a.attester.role})`;
  if (a.lapsed) return `attestation by ${who} of ${a.date} lapsed on ${a.expires}`;
  const problem = a.problems.length > 0 ? `; ${a.problems.join("; ")}` : "";
  return `attested ${a.status.replace(/_/g, " ")} by ${who} on ${a.date}, valid until ${a.expires}${a.signature ? (a.signature.valid ? ", signed" : ", bad signature") : ", unsigned"}${problem}`;
}

const short = (h: string): string => h.slice(0, 12);
