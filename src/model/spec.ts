/** @module AuditSpec: everything the catalog stage resolved from the inputs, ready to be planned. */
import type { JsonObject, JsonValue } from "./json.js";
import type { Severity } from "./status.js";

/** Where a value came from, for `file:line:col` messages and SARIF locations. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface Framework {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly file: string;
  readonly groups: readonly RequirementGroup[];
}

export interface RequirementGroup {
  readonly id: string;
  readonly title: string;
  /** No requirement of the group may be declared not applicable (ISO/IEC 27001 clauses 4–10). */
  readonly mandatory?: true;
  readonly requirements: readonly Requirement[];
}

export interface Requirement {
  readonly id: string;
  readonly frameworkId: string;
  readonly groupId: string;
  /** Display label such as "Art. 32(1)(a)" or "A.8.24". */
  readonly label: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  /** Check ids giving automated evidence; empty for manual-only requirements. */
  readonly checks: readonly string[];
  /** What an auditor should ask for when no probe can decide (or in addition to probes). */
  readonly manual?: { readonly evidence: readonly string[] };
  /** How often the requirement is reviewed (its own, else its group's): the default validity of an attestation. */
  readonly review?: Review;
  readonly source: SourceRef;
}

export const REVIEW_FREQUENCIES = ["monthly", "quarterly", "yearly"] as const;
export type ReviewFrequency = (typeof REVIEW_FREQUENCIES)[number];

/** Review frequency → the default validity of an attestation (ISO 8601 duration). */
export const REVIEW_DURATION: Readonly<Record<ReviewFrequency, string>> = {
  monthly: "P1M",
  quarterly: "P3M",
  yearly: "P1Y",
};

/** A review frequency with the catalog's reasoning. */
export interface Review {
  readonly every: ReviewFrequency;
  readonly why: string;
}

/** Which targets a check applies to: all conditions must hold. */
export interface TargetSelector {
  readonly types?: readonly string[];
  readonly tags?: readonly string[];
  readonly ids?: readonly string[];
}

/** A reusable check: one probe with params, applied to the targets its selector matches. */
export interface Check {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly probe: string;
  /** Only findings of these aspects count for this check; all aspects when absent. */
  readonly aspects?: readonly string[];
  readonly targets: TargetSelector;
  /** Params after `${profile:…}` substitution; `${target:…}` references stay until planning. */
  readonly params: JsonObject;
  readonly source: SourceRef;
}

export interface Profile {
  readonly id: string;
  readonly title: string;
  readonly values: Readonly<Record<string, { readonly value: JsonValue; readonly sources: readonly string[] }>>;
  readonly file: string;
}

export type MappingRelationship =
  | "equivalent-to"
  | "equal-to"
  | "subset-of"
  | "superset-of"
  | "intersects-with"
  | "no-relationship";

export interface Mapping {
  readonly sourceFramework: string;
  readonly targetFramework: string;
  readonly maps: readonly {
    readonly source: string;
    readonly target: string;
    readonly relationship: MappingRelationship;
    readonly rationale?: string;
  }[];
}

export interface Waiver {
  readonly id: string;
  /** A requirement id or a check id. */
  readonly control: string;
  /** Target ids the waiver covers; all targets when absent. */
  readonly targets?: readonly string[];
  readonly justification: string;
  readonly approver: string;
  /** ISO date (YYYY-MM-DD); the waiver applies up to and including this day. */
  readonly expires: string;
  readonly source: SourceRef;
}

export const ATTESTED_STATUSES = ["implemented", "partially_implemented", "not_implemented", "not_applicable"] as const;
export type AttestedStatus = (typeof ATTESTED_STATUSES)[number];

export interface Attester {
  readonly name: string;
  readonly role: string;
  readonly email: string;
}

/** An evidence document an attestation cites: a file (hashed again at load) or a URL (recorded hash only). */
export interface AttestationDocument {
  /** As written in the attestation file (path or URL). */
  readonly name: string;
  readonly title?: string;
  /** Absolute path of a file document. */
  readonly path?: string;
  readonly url?: string;
  /** SHA-256 recorded when attesting. */
  readonly sha256: string;
  /** SHA-256 of the file as read by this run; null when it could not be read. Absent for URLs. */
  readonly currentSha256?: string | null;
}

/** A person's statement about a requirement, or about a check on some targets, as loaded. */
export interface Attestation {
  /** `<file relative to the project>#<n>`: stable while the file keeps its order. */
  readonly id: string;
  readonly requirement?: string;
  readonly check?: string;
  readonly targets?: readonly string[];
  readonly status: AttestedStatus;
  readonly justification?: string;
  readonly statement: string;
  readonly attester: Attester;
  /** Day of the statement (YYYY-MM-DD). */
  readonly date: string;
  /** ISO 8601 duration it stays valid (given, or the requirement's review frequency). */
  readonly validFor: string;
  readonly documents: readonly AttestationDocument[];
  /** Present when the attestation is signed: whether the JWS verifies over this very attestation, and by which key. */
  readonly signature?: { readonly valid: boolean; readonly keyThumbprint: string | null; readonly problem?: string };
  readonly source: SourceRef;
}

/** A Statement of Applicability decision from the project file. */
export interface ApplicabilityDecision {
  readonly requirement: string;
  readonly applicable: boolean;
  readonly justification: string;
}

/** A target as declared in the project file, secrets still as `${env:…}`/`${file:…}` references. */
export interface TargetDecl {
  readonly id: string;
  readonly type: string;
  readonly tags: readonly string[];
  /** Connection settings for the target type's connector (may hold secret references). */
  readonly connection: JsonObject;
  /** Declarations about the target that checks read through `${target:NAME}` (PII tables, role matrix…). */
  readonly attributes: JsonObject;
  /** The inventory group whose template the target was built from (inventory files only). */
  readonly group?: string;
  readonly source: SourceRef;
}

export interface AuditSpec {
  readonly projectFile: string;
  readonly projectName: string;
  readonly frameworks: readonly Framework[];
  readonly checks: ReadonlyMap<string, Check>;
  readonly profile: Profile;
  readonly mappings: readonly Mapping[];
  readonly waivers: readonly Waiver[];
  readonly attestations?: readonly Attestation[];
  /** Requirement id → the project's applicability decision (group entries expanded). */
  readonly applicability?: ReadonlyMap<string, ApplicabilityDecision>;
  /** Requirement, group or framework id → who provides its evidence. */
  readonly owners?: Readonly<Record<string, string>>;
  readonly signoff?: { readonly assessor: string; readonly scope: string };
  readonly targets: readonly TargetDecl[];
  /** Every input file read, absolute path → SHA-256 hex: recorded in the evidence manifest. */
  readonly inputs: ReadonlyMap<string, string>;
  readonly settings: RunSettings;
  /** Set when the run was narrowed (`assay run --targets/--target/--tags/--checks/--framework`). */
  readonly selection?: SpecSelection;
}

/**
 * What a run was narrowed to, recorded in its signed evidence and shown by every report: the
 * expressions as applied (every flag folded into the one syntax of `src/plan/select.ts`) and what of
 * the project they left out.
 */
export interface RunSelection {
  readonly targets?: string;
  readonly checks?: string;
  readonly frameworks?: string;
  /** Ids of the project's targets, cited checks and frameworks the selection left out, sorted. */
  readonly skipped: {
    readonly targets: readonly string[];
    readonly checks: readonly string[];
    readonly frameworks: readonly string[];
  };
}

export interface SpecSelection extends RunSelection {
  /**
   * Requirements the selection narrowed, by id: `none` of their checks × targets (or, for a
   * requirement without checks, its attestation) is in the run, or only `some` are. Evaluation
   * turns them into `not_selected` unless what did run already fails.
   */
  readonly narrowed: Readonly<Record<string, "none" | "some">>;
}

export interface RunSettings {
  readonly evidenceDir: string;
  readonly reportsDir: string;
  /** Secret reference to the signing key (`${file:…}` or `${env:…}`), when configured. */
  readonly signingKey?: string;
  readonly concurrency: { readonly global: number; readonly perTarget: number };
  readonly timeoutMs: number;
  /** Per-group limits on top of the global and per-target concurrency (`run.limits`); absent when none. */
  readonly limits?: readonly GroupLimit[];
}

/**
 * One limit: `per: host` gives every distinct host its own bucket; `tag`/`group` give one bucket
 * shared by every target with that tag or from that inventory group.
 */
export interface GroupLimit {
  readonly scope: { readonly per: "host" } | { readonly tag: string } | { readonly group: string };
  /** Probe runs at once in one bucket. */
  readonly concurrency?: number;
  /** Probe runs started per second in one bucket. */
  readonly ratePerSecond?: number;
}
