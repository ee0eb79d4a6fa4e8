/**
 * @module Stored hashes as text: digest sizes, the form check of a stored hash (hex of any case,
 * base64 with or without line breaks, PostgreSQL `bytea` text `\x…`), decoding into bytes, and the
 * small byte copy the hot paths use.
 */
export type Algorithm = "sha256" | "sha512" | "sha3-256";
export type Encoding = "hex" | "base64" | "bytea";

export const DIGEST_BYTES = { sha256: 32, sha512: 64, "sha3-256": 32 } as const;
const HEX = /^[0-9a-f]+$/;
const BYTEA = /^\\x[0-9a-f]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Hashes as stored compare regardless of hex case and of base64 line breaks (PostgreSQL's `encode` wraps at 76). */
export function normalizeHash(text: string, encoding: Encoding): string {
  return encoding === "base64" ? text.replace(/\s+/g, "") : text.toLowerCase();
}

/** `src.copy` crosses into C++ per call; for the few bytes of a field or separator a plain loop is cheaper. */
export function copyBytes(src: Buffer, a: number, b: number, out: Buffer, at: number): number {
  if (b - a > 32) return src.copy(out, at, a, b);
  for (let i = a; i < b; i++) out[at++] = src[i] ?? 0;
  return b - a;
}

/** Decode a stored hash into `into`; the number of bytes, or -1 when it is not a digest of `into`'s length. */
export function decodeInto(text: string, encoding: Encoding, into: Buffer): number {
  const len = into.length;
  if (encoding === "base64") return into.write(text, 0, "base64") === len ? len : -1;
  const hex = encoding === "bytea" ? (text.startsWith("\\x") ? text.slice(2) : "") : text;
  return hex.length === 2 * len && into.write(hex, 0, "hex") === len ? len : -1;
}

/** What is wrong with a stored hash for the algorithm and encoding, or `undefined`. */
export function storedHashProblem(stored: string, algorithm: Algorithm, encoding: Encoding): string | undefined {
  const t = normalizeHash(stored, encoding);
  const hexLen = 2 * DIGEST_BYTES[algorithm];
  const ok =
    encoding === "base64"
      ? t.length === 4 * Math.ceil(hexLen / 6) && BASE64.test(t)
      : t.length === hexLen + (encoding === "bytea" ? 2 : 0) && (encoding === "hex" ? HEX : BYTEA).test(t);
  if (ok) return undefined;
  const what =
    encoding === "base64"
      ? `base64 of a ${hexLen / 2}-byte digest`
      : `${hexLen} hexadecimal characters${encoding === "bytea" ? " after \\x" : ""}`;
  return `${what} (${algorithm}, ${encoding})`;
}
