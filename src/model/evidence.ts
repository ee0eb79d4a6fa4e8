/** @module What a run leaves on disk: evidence records and the signed run manifest. */
import type { JsonObject } from "./json.js";
import type {
  AppliedAttestation,
  AppliedWaiver,
  Finding,
  FrameworkTally,
  GateDecision,
  RequirementHead,
} from "./result.js";
import type { RunSelection, SourceRef } from "./spec.js";
import type { Assessment, Status } from "./status.js";

/** JWS algorithms Assay signs evidence with: Ed25519 (default) and P-256. */
export const SIGNING_ALGS = ["EdDSA", "ES256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** One canonical (RFC 8785) JSON record per check × target. */
export interface EvidenceRecord {
  readonly runId: string;
  readonly sequence: number;
  readonly checkId: string;
  readonly requirementIds: readonly string[];
  readonly targetId: string;
  readonly probeId: string;
  readonly probeVersion: string;
  readonly params: JsonObject;
  readonly facts: JsonObject;
  readonly status: Exclude<Status, "waived" | "unassessed" | "overdue" | "not_selected">;
  readonly message: string;
  readonly findings: readonly Finding[];
  readonly startedAt: string;
  readonly endedAt: string;
}

/**
 * An attestation as a record of the run (after the check records): what was stated, by whom, until
 * when, and how this run judged it. Its documents follow as `DocumentRecord`s.
 */
export interface AttestationRecord {
  readonly runId: string;
  readonly sequence: number;
  readonly kind: "attestation";
  /** The requirement attested, or the requirements citing the attested check. */
  readonly requirementIds: readonly string[];
  readonly checkId: string | null;
  readonly targetIds: readonly string[] | null;
  /** Where it was declared: `<file relative to the project>#<n>`. */
  readonly attestationId: string;
  readonly attestation: AppliedAttestation;
}

/** A document an attestation cites: its bytes are stored once under `documents/<sha256>` of the store. */
export interface DocumentRecord {
  readonly runId: string;
  readonly sequence: number;
  readonly kind: "document";
  readonly requirementIds: readonly string[];
  /** The attested check, for a check-level attestation. */
  readonly checkId: string | null;
  readonly attestationId: string;
  /** As written in the attestation (path or URL). */
  readonly name: string;
  readonly url: string | null;
  /** SHA-256 recorded by the attester. */
  readonly recordedSha256: string;
  /** SHA-256 of the bytes this run stored; null for URLs and missing files. */
  readonly sha256: string | null;
  readonly size: number | null;
  /** `documents/<sha256>`, relative to the evidence folder; null when nothing was stored. */
  readonly stored: string | null;
}

/** Every record a run holds: check × target records first, then attestations and their documents. */
export type StoredRecord = EvidenceRecord | AttestationRecord | DocumentRecord;

export interface TargetInventoryEntry {
  readonly id: string;
  readonly type: string;
  readonly tags: readonly string[];
  /** Connection details with every secret removed (host, port, database, url, path). */
  readonly description: JsonObject;
}

export interface RunManifest {
  /** Evidence format: 1 = a file per record and `SHA256SUMS`; 2 (written now) = JSON Lines segments and `records.sha256` (docs/evidence.md). */
  readonly schema: "assay/run-manifest@1" | "assay/run-manifest@2";
  readonly runId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly assayVersion: string;
  readonly projectName: string;
  readonly profileId: string;
  /** Input file (path relative to the project folder) → SHA-256 hex. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly targets: readonly TargetInventoryEntry[];
  readonly recordCount: number;
  /** RFC 6962-style Merkle root (hex) over the SHA-256 of each record, in sequence order. */
  readonly merkleRoot: string;
  /** SHA-256 (hex) of the run's record index: `records.sha256` (format 2: one record hash per line), `SHA256SUMS` in format 1. */
  readonly recordsIndexSha256: string;
  /** SHA-256 (hex) of the previous run's signed manifest (the JWS bytes); null for the first run. */
  readonly previousManifestSha256: string | null;
  readonly previousRunId: string | null;
  readonly keyId: string;
  /** The evaluated summary (scores, counts, gate) so a report can be rebuilt from the run alone. */
  readonly summary: RunSummary;
  /** Present only on a run signed without every result (distributed runs): what is missing and why. */
  readonly partial?: PartialRun;
}

/** A run signed explicitly as partial: the probe invocations that have no result. */
/**
 * A key rotation, a node of the run chain (`evidence/<rotationId>/rotation.json`), signed by the
 * key it retires: a verifier that trusts the old key learns the new one from it.
 */
export interface KeyRotation {
  readonly schema: "assay/key-rotation@1";
  readonly rotationId: string;
  /** When the old key was retired and the new one became valid (ISO 8601, UTC). */
  readonly at: string;
  readonly previousRunId: string | null;
  readonly previousManifestSha256: string | null;
  readonly retiredKeyId: string;
  /** The new public JWK (with `alg`, `kid`, `use`). */
  readonly newKey: Readonly<Record<string, unknown>> & { readonly kid: string };
}

export interface PartialRun {
  readonly missing: readonly {
    readonly invocationId: string;
    readonly probeId: string;
    readonly targetId: string;
    readonly reason: string;
  }[];
}

/** A check × target covered by a check-level waiver (its summary rows say `waived`). */
export interface SummaryCheckWaiver {
  readonly checkId: string;
  readonly targetId: string;
  /** What the findings decided before the waiver. */
  readonly underlying: Status;
  readonly waiver: AppliedWaiver;
}

/** One check × target row of a requirement: [checkId, targetId, status, message]. Every finding is in its evidence record. */
export type SummaryCheckRow = readonly [checkId: string, targetId: string, status: Status, message: string];

/**
 * A requirement as the signed summary holds it; the report's requirement is the same with its own
 * waiver and check-row shapes (`W`, `C`).
 */
export interface RequirementView<W, C> extends RequirementHead {
  readonly id: string;
  readonly waiver: W | null;
  readonly expiredWaivers: readonly W[];
  readonly manualEvidence: readonly string[];
  readonly checks: readonly C[];
  readonly assessment: Assessment;
  readonly attestation: AppliedAttestation | null;
  /** The project's Statement of Applicability decision, when it made one. */
  readonly applicability: { readonly applicable: boolean; readonly justification: string } | null;
  /** Review frequency from the catalog (monthly, quarterly, yearly). */
  readonly review: string | null;
}

export type SummaryRequirement = RequirementView<AppliedWaiver, SummaryCheckRow>;

export interface SummaryFramework extends FrameworkTally {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly groups: readonly {
    readonly id: string;
    readonly title: string;
    readonly requirements: readonly string[];
    readonly mandatory?: true;
  }[];
  readonly requirements: readonly SummaryRequirement[];
}

/** Where checks and requirements are defined (file relative to the project folder), for SARIF. */
export interface SummaryCatalog {
  readonly checks: Readonly<
    Record<string, { readonly title: string; readonly probe: string; readonly source: SourceRef }>
  >;
  readonly requirements: Readonly<Record<string, { readonly frameworkId: string; readonly source: SourceRef }>>;
}

/** Everything a report needs, signed inside the manifest: built by `buildSummary(result, spec)`. */
export interface RunSummary {
  readonly frameworks: readonly SummaryFramework[];
  /** The project's sign-off block (assessor, scope), when it declares one. */
  readonly signoff?: { readonly assessor: string; readonly scope: string };
  readonly gate: GateDecision;
  readonly catalog: SummaryCatalog;
  /** Check-level waivers in force in this run (absent in runs written before they were recorded). */
  readonly checkWaivers?: readonly SummaryCheckWaiver[];
  /** Present when the run was narrowed by a selection (absent: the whole project was audited). */
  readonly selection?: RunSelection;
}
