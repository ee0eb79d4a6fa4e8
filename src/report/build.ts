/** @module Pure builder: a stored run (manifest + records), its verification and earlier runs → ReportModel. */
import { canonicalBytes, sha256Hex } from "../evidence/canonical.js";
import { recordRef } from "../evidence/layout.js";
import type {
  AttestationRecord,
  DocumentRecord,
  EvidenceRecord,
  RunManifest,
  RunSummary,
  SummaryCheckRow,
  SummaryCheckWaiver,
} from "../model/evidence.js";
import { frameworkTally, requirementHead } from "../model/result.js";
import { REPORT_SCHEMA_ID } from "./model.js";
import type {
  CheckTotals,
  ReportCheck,
  ReportCheckRow,
  ReportFinding,
  ReportFramework,
  ReportModel,
  ReportRecord,
  ReportTarget,
  ReportVerification,
  TrendPoint,
} from "./model.js";

/** How many runs (this one included) the trend chart shows at most. */
export const TREND_RUNS = 30;

export interface StoredRun {
  readonly manifest: RunManifest;
  readonly records: readonly EvidenceRecord[];
  /** Attestation and document records (absent for runs without attestations). */
  readonly attested?: readonly (AttestationRecord | DocumentRecord)[];
  /** The signed manifest (compact JWS) exactly as stored. */
  readonly jws: string;
}

export interface BuildInput {
  readonly run: StoredRun;
  readonly verification: {
    readonly ok: boolean;
    readonly problems: readonly string[];
    readonly checked: readonly string[];
    readonly keySource: "given" | "published";
  };
  readonly keyFingerprint: string | null;
  /** How a reader re-checks this run, e.g. `assay verify evidence/<run> --public-key keys/assay.jwk`. */
  readonly verifyCommand: string;
  /** Manifests of earlier runs of the same evidence folder (any order); later runs are ignored. */
  readonly history: readonly RunManifest[];
  readonly generatedAt: string;
}

/** SHA-256 of the record's RFC 8785 canonical form, as the signed record index and the Merkle tree hold it. */
export function recordSha256(record: EvidenceRecord): string {
  return sha256Hex(canonicalBytes(record));
}

function trendPoint(manifest: RunManifest, summary: RunSummary): TrendPoint {
  return {
    runId: manifest.runId,
    startedAt: manifest.startedAt,
    scores: Object.fromEntries(summary.frameworks.map((f) => [f.id, f.score])),
  };
}

function catalogChecks(summary: RunSummary): ReportCheck[] {
  const citing = new Map<string, Set<string>>();
  for (const f of summary.frameworks)
    for (const r of f.requirements)
      for (const [checkId] of r.checks) {
        const set = citing.get(checkId) ?? new Set<string>();
        set.add(r.id);
        citing.set(checkId, set);
      }
  const declared = summary.catalog.checks;
  const ids = new Set([...Object.keys(declared), ...citing.keys()]);
  return [...ids].sort().map((id) => {
    const d = declared[id];
    return {
      id,
      title: d?.title ?? id,
      probeId: d?.probe ?? "",
      source: d?.source ?? null,
      requirementIds: [...(citing.get(id) ?? [])].sort(),
    };
  });
}

function reportRecord(r: EvidenceRecord, schema: RunManifest["schema"]): ReportRecord {
  return {
    sequence: r.sequence,
    file: recordRef(r.sequence, schema),
    checkId: r.checkId,
    targetId: r.targetId,
    probeId: r.probeId,
    probeVersion: r.probeVersion,
    status: r.status,
    message: r.message,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    sha256: recordSha256(r),
    facts: r.facts,
  };
}

const finding = (f: EvidenceRecord["findings"][number]): ReportFinding => ({
  aspect: f.aspect,
  status: f.status,
  messageId: f.messageId,
  message: f.message,
  subject: f.subject ?? null,
});

function checkRow(
  row: SummaryCheckRow,
  bySlot: ReadonlyMap<string, EvidenceRecord>,
  waivers: ReadonlyMap<string, SummaryCheckWaiver>,
): ReportCheckRow {
  const [checkId, targetId, status, message] = row;
  const record = bySlot.get(`${checkId}\u0000${targetId}`);
  const waived = waivers.get(`${checkId}\u0000${targetId}`);
  return {
    checkId,
    targetId,
    status,
    underlying: waived?.underlying ?? status,
    message,
    waiver: waived?.waiver ?? null,
    findings: (record?.findings ?? []).map(finding),
    recordSequence: record?.sequence ?? null,
  };
}

/** Server version as a probe recorded it: a top-level `server_version` fact of any record of the target. */
function targetsOf(manifest: RunManifest, records: readonly EvidenceRecord[]): ReportTarget[] {
  return manifest.targets.map((t) => {
    const own = records.filter((r) => r.targetId === t.id);
    const version = own.map((r) => r.facts["server_version"]).find((v) => typeof v === "string");
    return { ...t, serverVersion: typeof version === "string" ? version : null, checks: own.length };
  });
}

function totals(rows: readonly ReportCheckRow[]): CheckTotals {
  const out = { pass: 0, fail: 0, error: 0, not_applicable: 0, waived: 0 };
  const seen = new Set<string>();
  for (const c of rows) {
    const key = `${c.checkId}\u0000${c.targetId}`;
    if (seen.has(key) || c.status === "unassessed" || c.status === "overdue" || c.status === "not_selected") continue;
    seen.add(key);
    out[c.status]++;
  }
  return out;
}

export function buildReportModel(input: BuildInput): ReportModel {
  const { manifest, records, jws } = input.run;
  const summary = manifest.summary;
  const bySlot = new Map(records.map((r) => [`${r.checkId}\u0000${r.targetId}`, r]));
  const reqSources = summary.catalog.requirements;
  const waivers = new Map((summary.checkWaivers ?? []).map((w) => [`${w.checkId}\u0000${w.targetId}`, w]));
  const verification: ReportVerification = {
    ok: input.verification.ok,
    problems: input.verification.problems,
    checked: input.verification.checked,
    keySource: input.verification.keySource,
    manifestSha256: sha256Hex(jws),
    keyId: manifest.keyId,
    keyFingerprint: input.keyFingerprint,
    merkleRoot: manifest.merkleRoot,
    command: input.verifyCommand,
  };
  const earlier = input.history
    .filter((h) => h.runId !== manifest.runId && h.startedAt < manifest.startedAt)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .slice(-(TREND_RUNS - 1))
    .map((h) => trendPoint(h, h.summary));
  const frameworks: ReportFramework[] = summary.frameworks.map((f) => ({
    id: f.id,
    title: f.title,
    version: f.version,
    groups: f.groups.map((g) => ({
      id: g.id,
      title: g.title,
      requirementIds: g.requirements,
      mandatory: g.mandatory === true,
    })),
    ...frameworkTally(f),
    counts: { ...f.counts, not_selected: f.counts.not_selected ?? 0 }, // runs from before the status lack it
    scored: f.counts.pass + f.counts.fail + f.counts.error,
    requirements: f.requirements.map((r) => ({
      ...requirementHead(r.id, r),
      source: reqSources[r.id]?.source ?? null,
      waiver: r.waiver,
      expiredWaivers: r.expiredWaivers,
      manualEvidence: r.manualEvidence,
      assessment: r.assessment,
      attestation: r.attestation,
      applicability: r.applicability,
      review: r.review,
      attestationRecords: (input.run.attested ?? [])
        .filter((a) => a.requirementIds.includes(r.id))
        .map((a) => ({
          sequence: a.sequence,
          kind: a.kind,
          name: a.kind === "document" ? a.name : a.attestationId,
          sha256: a.kind === "document" ? (a.sha256 ?? a.recordedSha256) : null,
        })),
      checks: r.checks.map((row) => checkRow(row, bySlot, waivers)),
    })),
  }));
  return {
    schema: REPORT_SCHEMA_ID,
    generatedAt: input.generatedAt,
    run: {
      runId: manifest.runId,
      projectName: manifest.projectName,
      profileId: manifest.profileId,
      startedAt: manifest.startedAt,
      endedAt: manifest.endedAt,
      assayVersion: manifest.assayVersion,
      previousRunId: manifest.previousRunId,
      recordCount: manifest.recordCount,
      targets: targetsOf(manifest, records),
      selection: summary.selection ?? null,
    },
    gate: summary.gate,
    verification,
    frameworks,
    checks: catalogChecks(summary),
    records: [...records].sort((a, b) => a.sequence - b.sequence).map((r) => reportRecord(r, manifest.schema)),
    trend: [...earlier, trendPoint(manifest, summary)],
    checkTotals: totals(frameworks.flatMap((f) => f.requirements.flatMap((r) => r.checks))),
    signoff: signoffOf(manifest, summary, input.keyFingerprint),
  };
}

/** The sign-off block: the run's calendar month is the period it covers. */
function signoffOf(manifest: RunManifest, summary: RunSummary, keyFingerprint: string | null): ReportModel["signoff"] {
  const start = `${manifest.startedAt.slice(0, 7)}-01`;
  const end = new Date(`${start}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + 1, 0);
  return {
    assessor: summary.signoff?.assessor ?? null,
    scope: summary.signoff?.scope ?? null,
    periodStart: start,
    periodEnd: end.toISOString().slice(0, 10),
    date: manifest.endedAt.slice(0, 10),
    keyFingerprint,
    keyId: manifest.keyId,
  };
}
