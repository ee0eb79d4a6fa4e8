/** @module Values produced by the engine (Observation) and the evaluator (AuditResult). */
import type { JsonObject, JsonValue } from "./json.js";
import type { Attester, AttestedStatus, RunSelection } from "./spec.js";
import type { Assessment, FindingStatus, Severity, Status } from "./status.js";

/** One conclusion of a probe about one aspect of a target, with a message id from the probe's meta. */
export interface Finding {
  readonly aspect: string;
  readonly status: FindingStatus;
  readonly messageId: string;
  /** The message with its placeholders filled in (done by the engine from the probe's meta). */
  readonly message: string;
  /** What the finding is about inside the target: a table, a role, an account id. Never a secret. */
  readonly subject?: string;
  readonly data?: Readonly<Record<string, JsonValue>>;
}

/** One probe run against one target: what the plan asked for and what came back. */
export interface Observation {
  /** Stable id of the invocation (hash of probe, params and target); shared by deduplicated checks. */
  readonly invocationId: string;
  readonly probeId: string;
  readonly probeVersion: string;
  readonly targetId: string;
  readonly params: JsonObject;
  readonly startedAt: string;
  readonly endedAt: string;
  /** The observed facts (the evidence payload), redacted of every resolved secret. */
  readonly facts: JsonObject;
  readonly findings: readonly Finding[];
  /** Set when the probe could not decide (threw, timed out, target unreachable). */
  readonly error?: string;
}

/** What the probe's findings decide for one check × target, before any waiver. */
export type DecidedStatus = Exclude<Status, "waived" | "unassessed" | "overdue" | "not_selected">;

export interface CheckResult {
  readonly checkId: string;
  readonly targetId: string;
  readonly invocationId: string;
  /** Final status: `waived` when a check-level waiver covers a fail or error, else `underlying`. */
  readonly status: Exclude<Status, "unassessed" | "overdue" | "not_selected">;
  /** Status the findings gave (or a check-level attestation), before any waiver. */
  readonly underlying: DecidedStatus;
  readonly message: string;
  /** Every finding of the aspects the check selects, in probe order (never condensed). */
  readonly findings: readonly Finding[];
  /** The check-level waiver in force for this check × target. */
  readonly waiver?: AppliedWaiver;
  /** Check-level waivers that matched but had expired. */
  readonly expiredWaivers?: readonly AppliedWaiver[];
}

export interface AppliedWaiver {
  readonly id: string;
  readonly justification: string;
  readonly approver: string;
  readonly expires: string;
}

/** An attestation as it decided (or failed to decide) a requirement in this run. */
export interface AppliedAttestation {
  readonly id: string;
  readonly status: AttestedStatus;
  readonly statement: string;
  readonly justification?: string;
  readonly attester: Attester;
  readonly date: string;
  readonly validFor: string;
  /** First day it no longer holds; when on or before the run's day, the requirement is overdue. */
  readonly expires: string;
  readonly lapsed: boolean;
  /** null: unsigned. */
  readonly signature: { readonly valid: boolean; readonly keyThumbprint: string | null } | null;
  readonly documents: readonly {
    readonly name: string;
    readonly sha256: string;
    readonly currentSha256?: string | null;
  }[];
  /** Why the attestation cannot be relied on (a document changed or is missing, a bad signature). */
  readonly problems: readonly string[];
}

/** What every view of a requirement's result repeats: the evaluator's, the signed summary's, the report's. */
export interface RequirementHead {
  readonly label: string;
  readonly title: string;
  readonly severity: Severity;
  /** Final status after waivers. */
  readonly status: Status;
  /** Status the checks gave before waivers (equals `status` when no waiver applied). */
  readonly underlying: Status;
}

/** A requirement's head under the id every view but the evaluator's calls it. */
export function requirementHead(id: string, r: RequirementHead): RequirementHead & { readonly id: string } {
  return { id, label: r.label, title: r.title, severity: r.severity, status: r.status, underlying: r.underlying };
}

export interface RequirementResult extends RequirementHead {
  readonly requirementId: string;
  readonly frameworkId: string;
  readonly checks: readonly CheckResult[];
  readonly waiver?: AppliedWaiver;
  /** Waivers that matched but had expired: they no longer apply, and the report says so. */
  readonly expiredWaivers?: readonly AppliedWaiver[];
  readonly manualEvidence?: readonly string[];
  readonly assessment: Assessment;
  readonly attestation?: AppliedAttestation;
}

export type StatusCounts = Readonly<Record<Status, number>>;

/** What every view of a framework's result repeats: score, counts and how requirements were decided. */
export interface FrameworkTally {
  /** Severity-weighted score 0–100 over automated, decided requirements; null when nothing was scored. */
  readonly score: number | null;
  readonly counts: StatusCounts;
  readonly automated: number;
  readonly manual: number;
  /** Requirements by how they were decided: automated, attested, overdue, unassessed. */
  readonly assessment: Readonly<Record<Assessment, number>>;
  /** Percentage of requirements decided by probes or a valid attestation; what the score covers. */
  readonly coverage: number;
}

/** The tally alone, copied from any view that carries it. */
export function frameworkTally(f: FrameworkTally): FrameworkTally {
  const { score, counts, automated, manual, assessment, coverage } = f;
  return { score, counts, automated, manual, assessment, coverage };
}

export interface FrameworkResult extends FrameworkTally {
  readonly frameworkId: string;
  readonly title: string;
  readonly requirements: readonly RequirementResult[];
}

export interface GateOptions {
  readonly failUnder?: number;
  readonly failOn?: Severity;
}

export interface GateDecision {
  readonly passed: boolean;
  readonly reasons: readonly string[];
  /** Run id of the baseline the gate was judged against (`--baseline`), when there was one. */
  readonly baseline?: string;
}

/** What names a run wherever it is shown: the run, the result and the report say it alike. */
export interface RunHeader {
  readonly runId: string;
  readonly projectName: string;
  readonly profileId: string;
  readonly startedAt: string;
  readonly endedAt: string;
}

export interface AuditResult extends RunHeader {
  /** Set when the run was narrowed by a selection: what it covers and what it left out. */
  readonly selection?: RunSelection;
  readonly frameworks: readonly FrameworkResult[];
  readonly checkResults: readonly CheckResult[];
  readonly observations: readonly Observation[];
  readonly gate: GateDecision;
}
