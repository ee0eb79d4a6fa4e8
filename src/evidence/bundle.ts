/**
 * @module Evidence bundles: the records of one requirement or check with their Merkle inclusion
 * proofs and the signed manifest, so one control's evidence can be handed over and verified alone.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { JWK } from "jose";
import type { StoredRecord, RunManifest } from "../model/evidence.js";
import { canonicalBytes, EvidenceError, sha256, sha256Hex } from "./canonical.js";
import { publicJwkOf } from "./keys.js";
import * as L from "./layout.js";
import { inclusionProof, verifyInclusion } from "./merkle.js";
import { readRun } from "./read.js";
import { readRecordBytes } from "./record-files.js";
import { verifyManifestJws } from "./signature.js";

export const BUNDLE_SCHEMA = "assay/evidence-bundle@1";

export interface BundleEntry {
  readonly file: string;
  readonly sha256: string;
  /** 0-based leaf index (= sequence − 1) and tree size (= recordCount). */
  readonly leafIndex: number;
  readonly treeSize: number;
  /** RFC 6962 audit path, hex node hashes from the leaf up. */
  readonly proof: readonly string[];
  readonly record: StoredRecord;
}

export interface EvidenceBundle {
  readonly schema: typeof BUNDLE_SCHEMA;
  readonly runId: string;
  readonly selector: string;
  readonly merkleRoot: string;
  readonly manifestJws: string;
  readonly publicJwk: JWK;
  readonly records: readonly BundleEntry[];
}

/** Records of `selector` (a requirement id or a check id) in a run, with proofs. */
export async function buildBundle(runDir: string, selector: string): Promise<EvidenceBundle> {
  const run = await readRun(runDir, { records: false });
  if (!run.complete || run.manifest === null || run.jws === null) throw new EvidenceError(`run ${run.runId} is incomplete; it has no evidence to show`);
  const m: RunManifest = run.manifest;
  const all = readRecordBytes(runDir, m.schema);
  if (all.length !== m.recordCount) throw new EvidenceError(`run ${m.runId} holds ${all.length} records, its manifest lists ${m.recordCount}; run assay verify`);
  const digests = all.map((r) => sha256(r.bytes));
  const records: BundleEntry[] = [];
  for (const [i, { bytes, ref }] of all.entries()) {
    const record = JSON.parse(bytes.toString("utf8")) as StoredRecord;
    if (record.checkId !== selector && !record.requirementIds.includes(selector)) continue;
    records.push({ file: ref, sha256: sha256Hex(bytes), leafIndex: i, treeSize: m.recordCount, proof: inclusionProof(i, digests), record });
  }
  if (records.length === 0) {
    const ids = [...new Set(m.summary.frameworks.flatMap((f) => f.requirements.filter((r) => r.checks.length > 0).map((r) => r.id)))];
    const hint = ids.length > 0 ? `; requirements with records: ${ids.slice(0, 8).join(", ")}${ids.length > 8 ? ", …" : ""}` : "";
    throw new EvidenceError(`run ${m.runId} holds no record for ${selector} (give a requirement id or a check id${hint})`);
  }
  const publicJwk = await publicJwkOf(JSON.parse(await readFile(join(runDir, L.PUBLIC_JWK), "utf8")) as JWK);
  return { schema: BUNDLE_SCHEMA, runId: m.runId, selector, merkleRoot: m.merkleRoot, manifestJws: run.jws, publicJwk, records };
}

export interface BundleVerification {
  readonly ok: boolean;
  readonly keySource: "given" | "published";
  readonly checked: readonly string[];
  readonly problem: string | null;
}

/** Verifies a bundle against its signed manifest alone: signature, each record's hash and inclusion proof. */
export async function verifyBundle(bundle: EvidenceBundle, trusted: ReadonlyMap<string, JWK> | null): Promise<BundleVerification> {
  const checked: string[] = [];
  const keySource = trusted ? "given" : "published";
  const fail = (problem: string): BundleVerification => ({ ok: false, keySource, checked, problem });
  const entries: unknown = bundle.records;
  if (bundle.schema !== BUNDLE_SCHEMA || !Array.isArray(entries)) return fail(`not an Assay evidence bundle (schema ${BUNDLE_SCHEMA})`);
  const keys = trusted ?? new Map([[bundle.publicJwk.kid ?? "", await publicJwkOf(bundle.publicJwk)]]);
  const sig = await verifyManifestJws(bundle.manifestJws, keys, "the bundle's manifest");
  if (!sig.ok) return fail(sig.message);
  const m = JSON.parse(sig.payload.toString("utf8")) as RunManifest;
  checked.push(`signature: ${sig.alg} by key ${sig.kid} over the manifest of run ${m.runId}`);
  if (bundle.records.length === 0) return fail("the bundle holds no record");
  for (const e of bundle.records) {
    const digest = sha256(canonicalBytes(e.record));
    if (digest.toString("hex") !== e.sha256) return fail(`record ${e.file} does not hash to ${e.sha256}: it was modified`);
    if (e.record.runId !== m.runId || e.record.sequence !== e.leafIndex + 1) return fail(`record ${e.file} is not record ${e.leafIndex + 1} of run ${m.runId}`);
    if (e.treeSize !== m.recordCount || !verifyInclusion(digest, e.leafIndex, e.treeSize, e.proof, m.merkleRoot)) {
      return fail(`the inclusion proof of ${e.file} does not lead to the signed Merkle root ${m.merkleRoot}`);
    }
    const what = "kind" in e.record ? `${e.record.kind} ${e.record.attestationId}` : `${e.record.checkId} on ${e.record.targetId}`;
    checked.push(`${e.file} (${what}): hash and inclusion proof to the signed Merkle root`);
  }
  return { ok: true, keySource, checked, problem: null };
}
