/** @module From an AuditResult to evidence records and the (unsigned) run manifest. */
import { applyAttestation } from "../evaluate/attestations.js";
import type {
  AttestationRecord,
  DocumentRecord,
  EvidenceRecord,
  RunManifest,
  StoredRecord,
  TargetInventoryEntry,
} from "../model/evidence.js";
import type { JsonObject, JsonValue } from "../model/json.js";
import type { AuditResult, CheckResult, Observation } from "../model/result.js";
import type { AuditSpec, TargetDecl } from "../model/spec.js";
import { createHash } from "node:crypto";
import { hasSecretRef, Redactor } from "../targets/secrets.js";
import { MANIFEST_SCHEMA } from "./layout.js";
import { projectRelative } from "./summary.js";

const SECRET_KEY = /pass|secret|token|credential|private|key/i;

/** One record per check × target, in a stable order (check id, then target id). */
export function buildRecords(result: AuditResult, spec: AuditSpec): EvidenceRecord[] {
  const observations = new Map<string, Observation>(result.observations.map((o) => [o.invocationId, o]));
  const requirementsOf = requirementIndex(spec);
  const rows = [...result.checkResults].sort((a, b) => cmp(a.checkId, b.checkId) || cmp(a.targetId, b.targetId));
  return rows.map((c, i) => ({
    runId: result.runId,
    sequence: i + 1,
    ...checkRecord(c, observations.get(c.invocationId), requirementsOf, spec, result),
  }));
}

/** Check id → the ids of the requirements citing it, sorted (what each check record lists). */
export function requirementIndex(spec: AuditSpec): ReadonlyMap<string, readonly string[]> {
  const of = new Map<string, Set<string>>();
  for (const f of spec.frameworks)
    for (const g of f.groups) for (const r of g.requirements) for (const c of r.checks) of.set(c, (of.get(c) ?? new Set()).add(r.id));
  return new Map([...of].map(([c, ids]) => [c, [...ids].sort()]));
}

/**
 * The record of one check × target, as `EvidenceRunWriter.append` takes it (the writer adds run id
 * and sequence): what was observed (`o`, the invocation's observation) and how the check judged it.
 */
export function checkRecord(
  c: CheckResult,
  o: Observation | undefined,
  requirementsOf: ReadonlyMap<string, readonly string[]>,
  spec: AuditSpec,
  run: { readonly startedAt: string; readonly endedAt: string },
): Omit<EvidenceRecord, "runId" | "sequence"> {
  return {
    checkId: c.checkId,
    requirementIds: [...(requirementsOf.get(c.checkId) ?? [])],
    targetId: c.targetId,
    probeId: o?.probeId ?? spec.checks.get(c.checkId)?.probe ?? "",
    probeVersion: o?.probeVersion ?? "",
    params: o?.params ?? {},
    facts: o?.facts ?? {},
    status: c.underlying,
    message: c.message,
    findings: c.findings,
    startedAt: o?.startedAt ?? run.startedAt,
    endedAt: o?.endedAt ?? run.endedAt,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A target without secrets: only plain connection values whose names do not suggest a secret. */
export function inventoryEntry(t: TargetDecl): TargetInventoryEntry {
  const redactor = new Redactor();
  const description: JsonObject = {};
  for (const [k, v] of Object.entries(t.connection).sort(([a], [b]) => cmp(a, b))) {
    if (SECRET_KEY.test(k) || !isPlain(v)) continue;
    if (typeof v === "string") {
      if (hasSecretRef(v)) continue;
      description[k] = redactor.redact(v);
    } else description[k] = v;
  }
  return { id: t.id, type: t.type, tags: [...t.tags], description };
}

function isPlain(v: JsonValue): v is string | number | boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

export type ManifestBody = Omit<RunManifest, "merkleRoot" | "recordsIndexSha256" | "recordCount" | "previousManifestSha256" | "previousRunId" | "keyId" | "summary">;

export function manifestBody(result: AuditResult, spec: AuditSpec, assayVersion: string): ManifestBody {
  const inputs: Record<string, string> = {};
  for (const [file, hash] of [...spec.inputs].map(([f, h]) => [projectRelative(spec, f), h] as const).sort(([a], [b]) => cmp(a, b))) inputs[file] = hash;
  return {
    schema: MANIFEST_SCHEMA,
    runId: result.runId,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    assayVersion,
    projectName: result.projectName,
    profileId: result.profileId,
    inputs,
    targets: spec.targets.map(inventoryEntry),
  };
}

export const isCheckRecord = (r: StoredRecord): r is EvidenceRecord => !("kind" in r);

/** A document's bytes to store under `documents/<sha256>` of the evidence folder. */
export interface DocumentBytes {
  readonly sha256: string;
  readonly path: string;
}

/**
 * Attestation and document records, numbered after the check records. `read(path)` returns a
 * document's bytes or null; the bytes are hashed here, so a file changed since loading is stored as
 * it is now and its record says so.
 */
export async function buildAttestationRecords(
  result: AuditResult,
  spec: AuditSpec,
  first: number,
  read: (path: string) => Promise<Buffer | null>,
): Promise<{ records: (AttestationRecord | DocumentRecord)[]; documents: (DocumentBytes & { bytes: Buffer })[] }> {
  const today = result.endedAt.slice(0, 10);
  const citing = new Map<string, string[]>();
  for (const f of spec.frameworks)
    for (const g of f.groups) for (const r of g.requirements) for (const c of r.checks) citing.set(c, [...(citing.get(c) ?? []), r.id]);
  const records: (AttestationRecord | DocumentRecord)[] = [];
  const documents = new Map<string, DocumentBytes & { bytes: Buffer }>();
  let sequence = first;
  for (const a of spec.attestations ?? []) {
    const requirementIds = a.requirement !== undefined ? [a.requirement] : [...new Set(citing.get(a.check ?? "") ?? [])].sort();
    records.push({
      runId: result.runId,
      sequence: sequence++,
      kind: "attestation",
      requirementIds,
      checkId: a.check ?? null,
      targetIds: a.targets ? [...a.targets] : null,
      attestationId: a.id,
      attestation: applyAttestation(a, today).applied,
    });
    for (const d of a.documents) {
      const bytes = d.path !== undefined ? await read(d.path) : null;
      const sha256 = bytes ? createHash("sha256").update(bytes).digest("hex") : null;
      if (bytes && sha256 && d.path !== undefined) documents.set(sha256, { sha256, path: d.path, bytes });
      records.push({
        runId: result.runId,
        sequence: sequence++,
        kind: "document",
        requirementIds,
        checkId: a.check ?? null,
        attestationId: a.id,
        name: d.name,
        url: d.url ?? null,
        recordedSha256: d.sha256,
        sha256,
        size: bytes ? bytes.length : null,
        stored: sha256 ? `documents/${sha256}` : null,
      });
    }
  }
  return { records, documents: [...documents.values()] };
}
