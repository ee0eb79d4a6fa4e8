/** @module File names of the evidence store: one folder per run under the evidence folder. */

export const MANIFEST_JSON = "manifest.json";
export const MANIFEST_JWS = "manifest.jws";
export const RECORDS_INDEX = "SHA256SUMS";
export const PUBLIC_JWK = "public.jwk";
export const RECORDS_DIR = "records";
/** Store-level, content-addressed: the bytes of attestation documents, `documents/<sha256>`. */
export const DOCUMENTS_DIR = "documents";
/** Present while a run is being written; removed last. */
export const INCOMPLETE = ".incomplete";
/** Evidence-folder files: the latest run of the chain, and the writers' lock. */
export const HEAD = "HEAD";
export const LOCK = ".lock";
/** JWS `typ` of a signed manifest, so no other signed JSON can pass for one. */
export const MANIFEST_TYP = "assay-manifest+jws";

/** A key rotation is a chain node too: `rotation.json` signed as `rotation.jws` by the retired key. */
export const ROTATION_JSON = "rotation.json";
export const ROTATION_JWS = "rotation.jws";
export const ROTATION_TYP = "assay-key-rotation+jws";
/** Files a rotation folder holds: the payload, its signature, and the signer's (retired) public key. */
export const ROTATION_FILES = [ROTATION_JSON, ROTATION_JWS, PUBLIC_JWK] as const;

/**
 * Evidence format versions. Format 1: one file per record (`records/000001.json`) and a
 * `sha256sum`-style `SHA256SUMS`. Format 2 (written now): records as lines of segment files
 * (`records/000001.jsonl`, JSON Lines, 65,536 records each) and `records.sha256` (one record
 * hash per line). Both are verified; only format 2 is written.
 */
export const MANIFEST_SCHEMA_V1 = "assay/run-manifest@1";
export const MANIFEST_SCHEMA = "assay/run-manifest@2";
export type ManifestSchema = typeof MANIFEST_SCHEMA_V1 | typeof MANIFEST_SCHEMA;

/** Format 2's record index: the SHA-256 (hex) of record n on line n. */
export const RECORD_HASHES = "records.sha256";
/** Records per segment file (format 2): record n is line ((n − 1) mod this) + 1 of segment ⌈n / this⌉. */
export const SEGMENT_RECORDS = 65_536;

/** Files a complete run folder holds, besides `records/`, per format. */
export const RUN_FILES = [MANIFEST_JSON, MANIFEST_JWS, RECORD_HASHES, PUBLIC_JWK] as const;
export const RUN_FILES_V1 = [MANIFEST_JSON, MANIFEST_JWS, RECORDS_INDEX, PUBLIC_JWK] as const;

/** `records/000001.json` (format 1): six digits, more when a run holds a million records or more. */
export function recordFile(sequence: number): string {
  return `${String(sequence).padStart(6, "0")}.json`;
}

/** `000001.jsonl`: segment `index` (1-based) of format 2. */
export function segmentFile(index: number): string {
  return `${String(index).padStart(6, "0")}.jsonl`;
}

/** Where record `sequence` lives in format 2: its segment (1-based) and line in it (1-based). */
export function segmentOf(sequence: number): { readonly segment: number; readonly line: number } {
  return { segment: Math.ceil(sequence / SEGMENT_RECORDS), line: ((sequence - 1) % SEGMENT_RECORDS) + 1 };
}

/** How messages, bundles and reports name a record: `records/000007.json` or `records/000001.jsonl:7`. */
export function recordRef(sequence: number, schema: ManifestSchema = MANIFEST_SCHEMA): string {
  if (schema === MANIFEST_SCHEMA_V1) return `${RECORDS_DIR}/${recordFile(sequence)}`;
  const { segment, line } = segmentOf(sequence);
  return `${RECORDS_DIR}/${segmentFile(segment)}:${line}`;
}

/** Run ids become folder names: keep them to a safe alphabet. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Format 1's `SHA256SUMS` body: `sha256sum -c` compatible, one line per record, in sequence order. */
export function recordsIndexText(hashes: readonly string[]): string {
  return hashes.map((h, i) => `${h}  ${RECORDS_DIR}/${recordFile(i + 1)}\n`).join("");
}

export interface HeadPointer {
  readonly runId: string;
  readonly manifestSha256: string;
}
