/**
 * @module Signing keys as JWK files. Ed25519 (JWS `EdDSA`) by default, P-256 (`ES256`) as an
 * option; the key id is the RFC 7638 JWK thumbprint of the public key. Private key files must not
 * be readable by group or others.
 */
import { statSync } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { canonicalBytes, EvidenceError } from "./canonical.js";

import { SIGNING_ALGS, type SigningAlg } from "../model/evidence.js";

export { SIGNING_ALGS, type SigningAlg };

export const PRIVATE_KEY_FILE = "assay-private.jwk";
export const PUBLIC_KEY_FILE = "assay-public.jwk";

/** A private key ready to sign, with its public half and key id. */
export interface SigningKey {
  readonly alg: SigningAlg;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** Public JWK with `alg`, `kid` and `use: "sig"`: exactly what is published beside each run. */
  readonly publicJwk: JWK;
}

export function isSigningAlg(a: unknown): a is SigningAlg {
  return typeof a === "string" && (SIGNING_ALGS as readonly string[]).includes(a);
}

function algOf(jwk: JWK): SigningAlg {
  if (isSigningAlg(jwk.alg)) return jwk.alg;
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  throw new EvidenceError(`unsupported key (kty ${String(jwk.kty)}, crv ${String(jwk.crv)}); use an Ed25519 (EdDSA) or P-256 (ES256) key`);
}

/** The public members only (kty, crv, x, y) plus alg, kid and use: private members never leak. */
export async function publicJwkOf(jwk: JWK): Promise<JWK> {
  const alg = algOf(jwk);
  if (typeof jwk.kty !== "string" || typeof jwk.crv !== "string" || typeof jwk.x !== "string") throw new EvidenceError("key lacks kty, crv or x");
  const base: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  if (jwk.kty === "EC") {
    if (typeof jwk.y !== "string") throw new EvidenceError("EC key lacks y");
    base.y = jwk.y;
  }
  const kid = await calculateJwkThumbprint(base, "sha256");
  return { ...base, alg, kid, use: "sig" };
}

/** Canonical bytes of a public JWK: the published `public.jwk` file. */
export function publicJwkBytes(jwk: JWK): Buffer {
  return canonicalBytes(jwk);
}

export async function generateSigningKeys(alg: SigningAlg = "EdDSA"): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const priv = await exportJWK(pair.privateKey);
  const publicJwk = await publicJwkOf({ ...priv, alg });
  return { privateJwk: { ...priv, alg, kid: publicJwk.kid ?? "", use: "sig" }, publicJwk };
}

/** Writes `assay-private.jwk` (0600, never overwritten unless `force`) and `assay-public.jwk` into `dir`. */
export async function writeKeyFiles(dir: string, keys: { privateJwk: JWK; publicJwk: JWK }, force = false): Promise<{ privatePath: string; publicPath: string }> {
  await mkdir(dir, { recursive: true });
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const publicPath = join(dir, PUBLIC_KEY_FILE);
  await writeFileMode(privatePath, `${JSON.stringify(keys.privateJwk, null, 2)}\n`, 0o600, force);
  await writeFileMode(publicPath, `${JSON.stringify(keys.publicJwk, null, 2)}\n`, 0o644, force);
  return { privatePath, publicPath };
}

/** Writes one JWK file with `mode` (0600 for a private key), refusing to replace it unless `force`. */
export async function writeJwkFile(path: string, jwk: JWK | object, mode: number, force = false): Promise<void> {
  await writeFileMode(path, `${JSON.stringify(jwk, null, 2)}\n`, mode, force);
}

async function writeFileMode(path: string, text: string, mode: number, force: boolean): Promise<void> {
  let fh;
  try {
    fh = await open(path, force ? "w" : "wx", mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new EvidenceError(`${path} already exists; pass --force to replace it (the old key can no longer sign)`);
    throw err;
  }
  try {
    await fh.chmod(mode);
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Refuses a private key file that group or others can read (as ssh does). */
export function assertPrivateFileMode(path: string): void {
  if (process.platform === "win32") return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new EvidenceError(`private key ${path} is readable by others (mode ${mode.toString(8).padStart(4, "0")}); fix it with: chmod 600 ${path}`);
  }
}

/** Parses a private JWK (JSON text) into a signing key. */
export async function signingKeyFromJwkText(text: string, where: string): Promise<SigningKey> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new EvidenceError(`signing key from ${where} is not a JSON Web Key (JSON parse failed)`);
  }
  if (typeof jwk !== "object" || jwk === null || typeof jwk.d !== "string") {
    throw new EvidenceError(`signing key from ${where} is not a private JWK (no "d" member); generate one with: assay keys generate`);
  }
  const alg = algOf(jwk);
  const publicJwk = await publicJwkOf(jwk);
  const privateKey = await importJWK({ ...jwk, alg }, alg);
  if (privateKey instanceof Uint8Array) throw new EvidenceError(`signing key from ${where} is not an asymmetric key`);
  return { alg, kid: publicJwk.kid ?? "", privateKey, publicJwk };
}

/** Trusted public keys from a JWK or JWKS text, indexed by key id (thumbprint, recomputed). */
export async function parsePublicKeys(text: string, where: string): Promise<Map<string, JWK>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EvidenceError(`${where} is not JSON; expected a public JWK or a JWKS`);
  }
  const list = isJwks(parsed) ? parsed.keys : [parsed as JWK];
  const out = new Map<string, JWK>();
  for (const jwk of list) {
    if (typeof jwk !== "object" || jwk === null || typeof jwk.kty !== "string") throw new EvidenceError(`${where} holds an entry that is not a JWK`);
    const pub = await publicJwkOf(jwk);
    out.set(pub.kid ?? "", pub);
  }
  if (out.size === 0) throw new EvidenceError(`${where} holds no key`);
  return out;
}

function isJwks(v: unknown): v is { keys: JWK[] } {
  return typeof v === "object" && v !== null && Array.isArray((v as { keys?: unknown }).keys);
}
