/**
 * @module The evidence store's public surface. Stable for other stages:
 *
 * - `resolveSigningKey(spec)` → the project's key (configured `evidence.signing_key`, else
 *   `.assay/keys/`, created on first use with a `notice` for the CLI to print).
 * - `writeEvidenceRun({ result, spec, key, evidenceDir, assayVersion })` → `{ runDir,
 *   manifestSha256, keyId, recordCount }`: atomic, locked, chained, marked complete last.
 * - `openEvidenceRun({ evidenceDir, runId, key })` → a streaming writer: `append(record)` as
 *   results arrive (bounded memory), then `seal({ result, spec, assayVersion, partial })` or
 *   `abort()`. `checkRecord(checkResult, observation, requirementIndex(spec), spec, run)` builds
 *   the record of one check × target.
 * - `readRun(runDir)` → `{ runId, runDir, manifest, records, jws, complete }` (unverified).
 * - `listRuns(evidenceDir)` → run folders oldest first with their (unverified) manifests.
 * - `verifyRun(runOrStoreDir, { publicKey? })` → `VerifyReport`: what was checked, first problem.
 * - `buildSummary(result, spec)` → `RunSummary`, signed inside the manifest (`manifest.summary`):
 *   reports are rebuilt from it (see `RunSummary` in src/model/evidence.ts).
 * - `writeKeyRotation({ evidenceDir, oldKey, newPublicJwk })`: a rotation node in the chain,
 *   signed by the retiring key; `keyHistoryOf(evidenceDir)`: the key history as a JWKS.
 * - `buildBundle` / `verifyBundle`: one control's records with Merkle inclusion proofs.
 *
 * On-disk format: docs/evidence.md.
 */
export { canonicalBytes, EvidenceError, sha256Hex } from "./canonical.js";
export { merkleRoot, inclusionProof, verifyInclusion, leafHash } from "./merkle.js";
export {
  generateSigningKeys, writeKeyFiles, writeJwkFile, signingKeyFromJwkText, parsePublicKeys, assertPrivateFileMode,
  PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, SIGNING_ALGS, isSigningAlg, type SigningAlg, type SigningKey,
} from "./keys.js";
export { resolveSigningKey, loadSigningKeyRef, PROJECT_KEY_DIR, type ResolvedSigningKey } from "./project-key.js";
export { buildSummary } from "./summary.js";
export { buildRecords, checkRecord, requirementIndex } from "./records.js";
export { writeEvidenceRun, type WriteEvidenceOptions } from "./store.js";
export { ObservationStream } from "./stream.js";
export { openRunEvidence, sealRunEvidence, discardRunEvidence, type EvidenceInfo } from "./run-evidence.js";
export { openEvidenceRun, type EvidenceRunWriter, type OpenEvidenceRunOptions, type SealOptions, type NewRecord, type WrittenRun } from "./writer.js";
export { readHead } from "./head.js";
export { readRun, listRuns, resolveRunDir, isRunDir, listRotations, isRotationDir, type RunOnDisk, type RunEntry, type RotationEntry } from "./read.js";
export { writeKeyRotation, verifyRotationFolder, type WrittenRotation, type RotationVerification } from "./rotation.js";
export { keyHistoryOf, loadKeyHistory, parseKeyHistory, followRotations, windowProblem, type KeySource, type TrustedKeys, type KeyValidity } from "./key-history.js";
export { verifyRun, loadTrustedKeys, type VerifyReport, type VerifyOptions, type RunVerification, type VerifyProblem } from "./verify.js";
export { verifyRunFolder } from "./verify-run.js";
export { verifyManifestJws } from "./signature.js";
export { buildBundle, verifyBundle, BUNDLE_SCHEMA, type EvidenceBundle, type BundleEntry, type BundleVerification } from "./bundle.js";
export * as layout from "./layout.js";
