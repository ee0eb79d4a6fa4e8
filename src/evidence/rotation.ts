/**
 * @module Key rotation as a node of the run chain: `writeKeyRotation` appends, after the chain tip,
 * a `rotation.json` naming the new public key, signed (`rotation.jws`) by the key it retires, so a
 * verifier that trusts only the first key can follow every later one. `verifyRotationFolder`
 * checks one such node against trusted keys.
 */
import { mkdir, readdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { CompactSign, type JWK } from "jose";
import type { KeyRotation } from "../model/evidence.js";
import { canonicalBytes, EvidenceError, sha256Hex } from "./canonical.js";
import { syncDir, writeAtomic } from "./fsutil.js";
import { publicJwkBytes, publicJwkOf, type SigningKey } from "./keys.js";
import * as L from "./layout.js";
import { acquireStoreLock } from "./lock.js";
import { listRotations, readRun } from "./read.js";
import { jwsHeader, verifyManifestJws } from "./signature.js";
import { chainTip } from "./head.js";
import { readOrNull, readPublishedKey, type VerifyProblem } from "./verify-run.js";

export interface WrittenRotation {
  readonly rotationId: string;
  readonly dir: string;
  readonly rotation: KeyRotation;
  /** SHA-256 of `rotation.jws`: what the next run chains to. */
  readonly manifestSha256: string;
}

/** `2026-11-30T16-40-00Z-key-<first 8 characters of the new key id>`: sorts by time like run ids. */
export function rotationIdFor(at: Date, newKid: string): string {
  return `${at.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-")}-key-${newKid.slice(0, 8)}`;
}

/** Appends the rotation `oldKey` → `newPublicJwk` to the chain of `evidenceDir` and moves HEAD to it. */
export async function writeKeyRotation(opts: {
  readonly evidenceDir: string;
  readonly oldKey: SigningKey;
  readonly newPublicJwk: JWK;
  readonly now?: Date;
}): Promise<WrittenRotation> {
  const evidenceDir = resolve(opts.evidenceDir);
  const newKey = await publicJwkOf(opts.newPublicJwk);
  const newKid = newKey.kid ?? "";
  if (newKid === opts.oldKey.kid) throw new EvidenceError(`the new key is the old key (${newKid}): nothing to rotate`);
  await mkdir(evidenceDir, { recursive: true });
  const lock = await acquireStoreLock(evidenceDir);
  try {
    const previous = await chainTip(evidenceDir);
    if (previous !== null) await assertSignsTip(evidenceDir, previous.runId, opts.oldKey.kid);
    const at = opts.now ?? new Date();
    const rotationId = rotationIdFor(at, newKid);
    const dir = join(evidenceDir, rotationId);
    try {
      await mkdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new EvidenceError(`${dir} already exists; rotate again in a second`);
      throw err;
    }
    const rotation: KeyRotation = {
      schema: "assay/key-rotation@1",
      rotationId,
      at: at.toISOString(),
      previousRunId: previous?.runId ?? null,
      previousManifestSha256: previous?.manifestSha256 ?? null,
      retiredKeyId: opts.oldKey.kid,
      newKey: { ...newKey, kid: newKid },
    };
    const payload = canonicalBytes(rotation);
    const jws = await new CompactSign(payload).setProtectedHeader({ alg: opts.oldKey.alg, kid: opts.oldKey.kid, typ: L.ROTATION_TYP }).sign(opts.oldKey.privateKey);
    await writeAtomic(join(dir, L.PUBLIC_JWK), publicJwkBytes(opts.oldKey.publicJwk));
    await writeAtomic(join(dir, L.ROTATION_JSON), payload);
    // Written last: a rotation folder without its signature is incomplete and never verifies.
    await writeAtomic(join(dir, L.ROTATION_JWS), jws);
    await syncDir(dir);
    const manifestSha256 = sha256Hex(jws);
    await writeAtomic(join(evidenceDir, L.HEAD), `${JSON.stringify({ runId: rotationId, manifestSha256 })}\n`);
    await syncDir(evidenceDir);
    return { rotationId, dir, rotation, manifestSha256 };
  } finally {
    await lock.release();
  }
}

/** The key that rotates must be the one the chain tip was signed with (or that the last rotation introduced). */
async function assertSignsTip(evidenceDir: string, tipId: string, kid: string): Promise<void> {
  const rotation = (await listRotations(evidenceDir)).find((r) => r.rotationId === tipId);
  const tipKid = rotation ? rotation.rotation?.newKey.kid : (await readRun(join(evidenceDir, tipId), { records: false })).manifest?.keyId;
  if (tipKid !== kid)
    throw new EvidenceError(
      `the latest entry of the evidence chain (${tipId}) was signed with key ${String(tipKid)}, not with the project's signing key ${kid}: rotate from the key that signs the chain`,
    );
}

export interface RotationVerification {
  readonly rotationId: string;
  readonly dir: string;
  readonly ok: boolean;
  readonly rotation: KeyRotation | null;
  /** SHA-256 of rotation.jws (what the next node chains to); null when absent. */
  readonly manifestSha256: string | null;
  /** The signer: the retired key. */
  readonly keyId: string | null;
  readonly checked: readonly string[];
  readonly problem: VerifyProblem | null;
}

/** One rotation folder: signature by a trusted key (or its published key), payload, the new key well formed. */
export async function verifyRotationFolder(dir: string, trusted: ReadonlyMap<string, JWK> | null): Promise<RotationVerification> {
  const rotationId = basename(dir);
  const checked: string[] = [];
  let rotation: KeyRotation | null = null;
  let manifestSha256: string | null = null;
  let keyId: string | null = null;
  const done = (problem: Omit<VerifyProblem, "runId"> | null): RotationVerification => ({
    rotationId, dir, ok: problem === null, rotation, manifestSha256, keyId, checked, problem: problem && { runId: rotationId, ...problem },
  });
  const jwsBytes = await readOrNull(join(dir, L.ROTATION_JWS));
  if (jwsBytes === null) return done({ file: L.ROTATION_JWS, message: `key rotation ${rotationId} is incomplete: ${L.ROTATION_JWS} is missing` });
  manifestSha256 = sha256Hex(jwsBytes);
  const jws = jwsBytes.toString("utf8");
  keyId = jwsHeader(jws, L.ROTATION_TYP)?.kid ?? null;
  const extra = (await readdir(dir)).filter((n) => !(L.ROTATION_FILES as readonly string[]).includes(n));
  if (extra[0] !== undefined) return done({ file: extra[0], message: `unexpected file ${extra[0]} in key rotation ${rotationId}` });
  const published = await readPublishedKey(dir);
  if (typeof published === "string") return done({ file: L.PUBLIC_JWK, message: published });
  if (keyId !== null && published.kid !== keyId) return done({ file: L.PUBLIC_JWK, message: `${L.PUBLIC_JWK} holds key ${String(published.kid)}, but the rotation is signed by key ${keyId}` });
  const sig = await verifyManifestJws(jws, trusted ?? new Map([[published.kid ?? "", published]]), `${L.ROTATION_JWS} of key rotation ${rotationId}`, L.ROTATION_TYP);
  if (!sig.ok) return done({ file: L.ROTATION_JWS, message: sig.message });
  const json = await readOrNull(join(dir, L.ROTATION_JSON));
  if (json === null || !json.equals(sig.payload)) return done({ file: L.ROTATION_JSON, message: `${L.ROTATION_JSON} differs from the rotation signed in ${L.ROTATION_JWS}` });
  const r = JSON.parse(json.toString("utf8")) as KeyRotation;
  if (r.schema !== "assay/key-rotation@1") return done({ file: L.ROTATION_JSON, message: `unknown rotation schema ${String(r.schema)}` });
  if (r.rotationId !== rotationId) return done({ file: L.ROTATION_JSON, message: `the signed rotation is ${r.rotationId}, but the folder is named ${rotationId}` });
  if (r.retiredKeyId !== sig.kid) return done({ file: L.ROTATION_JSON, message: `the rotation retires key ${r.retiredKeyId} but is signed by key ${sig.kid}: only a key can retire itself` });
  let newKey: JWK;
  try {
    newKey = await publicJwkOf(r.newKey);
  } catch {
    return done({ file: L.ROTATION_JSON, message: `the new key of key rotation ${rotationId} is not a usable public key` });
  }
  if (newKey.kid !== r.newKey.kid) return done({ file: L.ROTATION_JSON, message: `the new key's kid ${r.newKey.kid} is not its thumbprint ${String(newKey.kid)}` });
  rotation = r;
  checked.push(`key rotation ${rotationId}: key ${sig.kid} retired at ${r.at}, signed by it, names key ${r.newKey.kid}`);
  return done(null);
}
