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

/** Files a complete run folder holds, besides `records/`. */
export const RUN_FILES = [MANIFEST_JSON, MANIFEST_JWS, RECORDS_INDEX, PUBLIC_JWK] as const;

/** `records/000001.json`: six digits, more when a run holds a million records or more. */
export function recordFile(sequence: number): string {
  return `${String(sequence).padStart(6, "0")}.json`;
}

/** Run ids become folder names: keep them to a safe alphabet. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The `SHA256SUMS` body: `sha256sum -c` compatible, one line per record, in sequence order. */
export function recordsIndexText(hashes: readonly string[]): string {
  return hashes.map((h, i) => `${h}  ${RECORDS_DIR}/${recordFile(i + 1)}\n`).join("");
}

export interface HeadPointer {
  readonly runId: string;
  readonly manifestSha256: string;
}
