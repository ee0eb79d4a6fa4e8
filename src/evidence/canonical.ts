/** @module Canonical bytes (RFC 8785 JSON Canonicalization Scheme) and SHA-256: what every hash and signature covers. */
import { hash } from "node:crypto";
import canonicalizeModule from "canonicalize";
import { AssayError, type AssayErrorOptions, EXIT } from "../errors.js";

// The package is CommonJS (`module.exports = fn`) but its typings declare an ES default export;
// under NodeNext the default import is the function itself at run time.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** A problem with stored evidence or its use (unknown run, unreadable folder, bad key): invalid input. */
export class EvidenceError extends AssayError {
  override readonly name = "EvidenceError";
  constructor(message: string, opts: AssayErrorOptions = {}) {
    super(message, { exit: EXIT.invalid, ...opts });
  }
}

/** RFC 8785 canonical UTF-8 bytes of a JSON value (keys sorted, no whitespace, ES number form). */
export function canonicalBytes(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new EvidenceError("value cannot be canonicalised as JSON");
  return Buffer.from(text, "utf8");
}

// One-shot `crypto.hash` (Node ≥ 20.12): no Hash object per record, several times faster for small inputs.
export function sha256(bytes: Uint8Array): Buffer {
  return hash("sha256", bytes, "buffer");
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return hash("sha256", bytes, "hex");
}
