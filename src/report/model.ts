/** @module ReportModel: the one value every renderer is a function of, built from a stored, verified run. */
import type { JsonObject } from "../model/json.js";
import type { RunSelection, SourceRef } from "../model/spec.js";
import type { Severity, Status } from "../model/status.js";
import type { CheckResult, FrameworkTally, GateDecision, RunHeader } from "../model/result.js";
import type { RequirementView, TargetInventoryEntry } from "../model/evidence.js";

export const REPORT_SCHEMA_ID = "assay/report@1" as const;

export interface ReportWaiver {
  readonly id: string;
  readonly justification: string;
  readonly approver: string;
  readonly expires: string;
}

/** One conclusion of a probe, as every format shows it (never condensed into the row's message). */
export interface ReportFinding {
  readonly aspect: string;
  readonly status: Exclude<Status, "waived" | "unassessed" | "overdue" | "not_selected">;
  readonly messageId: string;
  readonly message: string;
  /** What the finding is about inside the target (a table, a role, a config key); null when not given. */
  readonly subject: string | null;
}

/** One check × target behind a requirement, joined with its evidence record. */
export interface ReportCheckRow {
  readonly checkId: string;
  readonly targetId: string;
  /** Final status: `waived` when a check-level waiver covers a fail or error. */
  readonly status: Status;
  /** What the findings decided before any check-level waiver. */
  readonly underlying: Status;
  /** One-line digest; every finding is in `findings`. */
  readonly message: string;
  /** The check-level waiver covering this check × target; null when none applies. */
  readonly waiver: ReportWaiver | null;
  /** Every finding of the aspects the check selects, from the evidence record. */
  readonly findings: readonly ReportFinding[];
  /** Sequence number of the evidence record holding the observed facts; null when no record exists. */
  readonly recordSequence: number | null;
}

export interface ReportRequirement extends RequirementView<ReportWaiver, ReportCheckRow> {
  readonly source: SourceRef | null;
  /** Evidence records of the attestation deciding it and of its documents. */
  readonly attestationRecords: readonly {
    readonly sequence: number;
    readonly kind: "attestation" | "document";
    readonly name: string;
    readonly sha256: string | null;
  }[];
}

export interface ReportGroup {
  readonly id: string;
  readonly title: string;
  readonly requirementIds: readonly string[];
  /** Cannot be declared not applicable (ISO clauses 4–10). */
  readonly mandatory: boolean;
}

export interface ReportFramework extends FrameworkTally {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  /** The catalog's grouping (chapters, themes); requirements keep catalog order inside each. */
  readonly groups: readonly ReportGroup[];
  /** Requirements the score is computed over (pass, fail, error): "score S over N of M requirements". */
  readonly scored: number;
  readonly requirements: readonly ReportRequirement[];
}

/** A check as the catalog declared it: what SARIF rules and the HTML tree show. */
export interface ReportCheck {
  readonly id: string;
  readonly title: string;
  readonly probeId: string;
  readonly source: SourceRef | null;
  /** Requirements (across frameworks) that cite this check. */
  readonly requirementIds: readonly string[];
}

/** One evidence record as a report shows it: what was observed, when, and its hash. */
export interface ReportRecord {
  readonly sequence: number;
  readonly checkId: string;
  readonly targetId: string;
  readonly probeId: string;
  readonly probeVersion: string;
  readonly status: Exclude<Status, "waived" | "unassessed" | "overdue" | "not_selected">;
  readonly message: string;
  readonly startedAt: string;
  readonly endedAt: string;
  /** SHA-256 (hex) of the record's canonical JSON: the leaf the Merkle root covers. */
  readonly sha256: string;
  /** Where it is in the run folder: `records/000001.jsonl:7` (format 2) or `records/000007.json` (format 1). */
  readonly file: string;
  readonly facts: JsonObject;
}

export interface ReportVerification {
  /** True when the signature, every record hash, the Merkle root and the chain checked out. */
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** What was checked, in the verifier's words (signature, records, Merkle root, chain). */
  readonly checked: readonly string[];
  /** "given": a trusted public key was supplied; "published": the key stored beside the run (weaker). */
  readonly keySource: "given" | "published";
  /** SHA-256 (hex) of the signed manifest (the JWS bytes). */
  readonly manifestSha256: string;
  readonly keyId: string;
  /** RFC 7638 JWK thumbprint of the public key used; null when no public key was available. */
  readonly keyFingerprint: string | null;
  readonly merkleRoot: string;
  /** The command a reader runs to check the evidence themselves. */
  readonly command: string;
}

/** Scores of one earlier (or this) run, oldest first in `ReportModel.trend`. */
export interface TrendPoint {
  readonly runId: string;
  readonly startedAt: string;
  readonly scores: Readonly<Record<string, number | null>>;
}

/** A target as the report's scope shows it: what was assessed, without secrets. */
export interface ReportTarget extends TargetInventoryEntry {
  /** Server version where a probe recorded one (fact `server_version`); null otherwise. */
  readonly serverVersion: string | null;
  /** Check × target results on this target. */
  readonly checks: number;
}

/** Check × target results of the run by final status (each pair once, however many requirements cite it). */
export type CheckTotals = Readonly<Record<CheckResult["status"], number>>;

export interface ReportRun extends RunHeader {
  readonly assayVersion: string;
  readonly previousRunId: string | null;
  readonly recordCount: number;
  readonly targets: readonly ReportTarget[];
  /** What the run was narrowed to and what it left out; null when it audited the whole project. */
  readonly selection: RunSelection | null;
}

export interface ReportModel {
  readonly schema: typeof REPORT_SCHEMA_ID;
  readonly generatedAt: string;
  readonly run: ReportRun;
  readonly gate: GateDecision;
  readonly verification: ReportVerification;
  readonly frameworks: readonly ReportFramework[];
  readonly checks: readonly ReportCheck[];
  readonly records: readonly ReportRecord[];
  readonly trend: readonly TrendPoint[];
  readonly checkTotals: CheckTotals;
  /** The sign-off block: who assessed, what period and scope, and the key that signed the run. */
  readonly signoff: ReportSignoff;
}

export interface ReportSignoff {
  /** From the project's `signoff.assessor`; null when the project declares none. */
  readonly assessor: string | null;
  readonly scope: string | null;
  /** The calendar month of the run (YYYY-MM-01 to its last day). */
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly date: string;
  readonly keyFingerprint: string | null;
  readonly keyId: string;
}

/** Every check × target row once (the first requirement citing it), in check then target order. */
export function checkRows(model: ReportModel): ReportCheckRow[] {
  const rows = new Map<string, ReportCheckRow>();
  for (const f of model.frameworks)
    for (const r of f.requirements)
      for (const c of r.checks) {
        const key = `${c.checkId}\u0000${c.targetId}`;
        if (!rows.has(key)) rows.set(key, c);
      }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

/** Findings that decided a row's underlying status (the failures of a failing row, …). */
export function decisiveFindings(c: ReportCheckRow): readonly ReportFinding[] {
  return c.findings.filter((f) => f.status === c.underlying);
}

/** Requirements that failed or errored (after waivers), most severe first: the list readers look for first. */
export function failingRequirements(
  model: ReportModel,
): { framework: ReportFramework; requirement: ReportRequirement }[] {
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  const out = model.frameworks.flatMap((framework) =>
    framework.requirements
      .filter((r) => r.status === "fail" || r.status === "error")
      .map((requirement) => ({ framework, requirement })),
  );
  return out.sort((a, b) => rank[a.requirement.severity] - rank[b.requirement.severity]);
}
