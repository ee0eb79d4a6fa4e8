/** @module The auditor package's member names and its signed manifest's shape. */

export const PACKAGE_SCHEMA = "assay/audit-package@1";
/** JWS `typ` of the package manifest, so no run manifest can pass for one. */
export const PACKAGE_TYP = "assay-package+jws";
export const MANIFEST_JSON = "MANIFEST.json";
export const MANIFEST_JWS = "MANIFEST.jws";
export const VERIFY_MD = "VERIFY.md";
export const SUMS = "SHA256SUMS";
export const JWKS = "keys/jwks.json";
export const EVIDENCE = "evidence";
export const REPORTS = "reports";

export interface PackageMember {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** MANIFEST.json: what the package holds; signed as MANIFEST.jws by the key that signed the runs. */
export interface PackageManifest {
  readonly schema: typeof PACKAGE_SCHEMA;
  readonly project: string;
  /** `2026-11` or the one run id asked for. */
  readonly period: string;
  readonly createdAt: string;
  /** Run ids in chain order (oldest first). */
  readonly runs: readonly string[];
  /** Every key rotation of the store (evidence/<id>/rotation.jws), oldest first: the way from the first key to the current one. */
  readonly rotations?: readonly string[];
  /** The run before the first packaged one (its manifest hash is in the first run); null when the chain starts here. */
  readonly chainStartsAfter: string | null;
  readonly keyId: string;
  /** Every member but MANIFEST.json and MANIFEST.jws, sorted by path. */
  readonly members: readonly PackageMember[];
}
