/**
 * @module Statement of Applicability rows from the report model: every requirement of the
 * ISO/IEC 27001 framework (clauses 4–10, then the 93 Annex A controls) with applicability and its
 * justification, implementation status and evidence references. One function; every SoA format
 * (HTML, PDF, CSV, XLSX) renders these rows.
 */
import { describeAttestation } from "../../evaluate/attestations.js";
import type { Assessment, Status } from "../../model/status.js";
import type { ReportFramework, ReportModel, ReportRequirement } from "../model.js";
import { ReportUsageError } from "../errors.js";

export interface SoaRow {
  readonly section: string;
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly applicability: "required" | "applicable" | "excluded";
  readonly justification: string;
  readonly status: Status;
  readonly assessment: Assessment;
  /** Implementation in words: the automated result, the attested status, overdue since, or unassessed. */
  readonly implementation: string;
  /** Who attested, when, until when, signed or not; empty when nobody did. */
  readonly attestation: string;
  /** Evidence record numbers and documents (name and SHA-256). */
  readonly evidence: string;
}

export interface Soa {
  readonly framework: ReportFramework;
  readonly rows: readonly SoaRow[];
}

export const SOA_COLUMNS: readonly { readonly key: keyof SoaRow; readonly header: string; readonly width: number }[] = [
  { key: "section", header: "Section", width: 24 },
  { key: "label", header: "Control", width: 9 },
  { key: "title", header: "Name", width: 40 },
  { key: "applicability", header: "Applicability", width: 13 },
  { key: "justification", header: "Justification", width: 48 },
  { key: "status", header: "Status", width: 14 },
  { key: "assessment", header: "Decided by", width: 12 },
  { key: "implementation", header: "Implementation", width: 40 },
  { key: "attestation", header: "Attestation", width: 48 },
  { key: "evidence", header: "Evidence references", width: 48 },
  { key: "id", header: "Requirement id", width: 14 },
];

/** The ISO/IEC 27001 framework of the run; an error when the run did not load it. */
export function buildSoa(model: ReportModel): Soa {
  const framework = model.frameworks.find((f) => f.id.startsWith("iso27001"));
  if (!framework)
    throw new ReportUsageError(
      `a Statement of Applicability needs the ISO/IEC 27001 catalog; this run evaluated ${model.frameworks.map((f) => f.id).join(", ") || "no framework"}`,
    );
  const byId = new Map(framework.requirements.map((r) => [r.id, r]));
  const rows = framework.groups.flatMap((g) =>
    g.requirementIds.flatMap((id) => {
      const r = byId.get(id);
      return r ? [row(g.title, g.mandatory, r)] : [];
    }),
  );
  return { framework, rows };
}

function row(section: string, mandatory: boolean, r: ReportRequirement): SoaRow {
  const a = r.attestation;
  const [applicability, justification] = mandatory
    ? (["required", "Management-system clause: required of every ISMS; it cannot be excluded."] as const)
    : r.applicability
      ? ([r.applicability.applicable ? "applicable" : "excluded", r.applicability.justification] as const)
      : a?.status === "not_applicable" && !a.lapsed
        ? (["excluded", `${a.justification ?? ""} (attested by ${a.attester.name}, ${a.attester.role})`] as const)
        : (["applicable", "No justification recorded: add an applicability entry to the project file."] as const);
  const records = r.checks.flatMap((c) => (c.recordSequence === null ? [] : [c.recordSequence]));
  const evidence = [
    ...(records.length > 0 ? [`records ${[...new Set(records)].map((n) => `#${n}`).join(", ")}`] : []),
    ...r.attestationRecords.map((x) =>
      x.kind === "attestation"
        ? `attestation record #${x.sequence}`
        : `document record #${x.sequence} ${x.name}${x.sha256 ? ` sha256 ${x.sha256}` : ""}`,
    ),
  ].join("; ");
  return {
    section,
    id: r.id,
    label: r.label,
    title: r.title,
    applicability,
    justification,
    status: r.status,
    assessment: r.assessment,
    implementation:
      applicability === "excluded" && r.assessment === "unassessed"
        ? "excluded: not assessed, no evidence requested"
        : implementation(r),
    attestation: a ? describeAttestation(a) : "",
    evidence,
  };
}

function implementation(r: ReportRequirement): string {
  const a = r.attestation;
  switch (r.assessment) {
    case "automated": {
      const n = r.checks.length;
      return `automated: ${r.status.replace(/_/g, " ")} (${n} check result${n === 1 ? "" : "s"})${a ? `; attested ${a.status.replace(/_/g, " ")}` : ""}`;
    }
    case "attested":
      return `attested: ${a?.status.replace(/_/g, " ") ?? ""}${a && a.problems.length > 0 ? " — not reliable (see the attestation)" : ""}`;
    case "overdue":
      return `overdue: the attestation lapsed on ${a?.expires ?? "?"}`;
    case "unassessed":
      return `unassessed: evidence to request: ${r.manualEvidence.join("; ")}`;
  }
}
