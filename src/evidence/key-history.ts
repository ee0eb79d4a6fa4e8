/**
 * @module Which key was valid when. A key history is a JWKS whose keys may carry `valid_from` and
 * `retired_at` (ISO 8601; absent = open-ended). Verification starts from trusted keys (given, or
 * the first node's published key), follows the chain's key rotations oldest first (each must be
 * signed by a trusted key that was still valid; it retires that key and trusts the new one from
 * then on), and then checks that each run was signed by a key valid when the run ended.
 */
import { readFile } from "node:fs/promises";
import type { JWK } from "jose";
import { EvidenceError } from "./canonical.js";
import { publicJwkOf } from "./keys.js";
import { listRotations, listRuns } from "./read.js";
import { verifyRotationFolder, type RotationVerification } from "./rotation.js";
import { readPublishedKey, type VerifyProblem } from "./verify-run.js";

export interface KeyValidity {
  readonly from: string | null;
  readonly until: string | null;
  /** The rotations that introduced and retired the key, when the chain says so. */
  readonly introducedBy?: string;
  readonly retiredBy?: string;
}

/** Trusted public keys by key id, with what is known of their validity. */
export interface TrustedKeys {
  readonly keys: Map<string, JWK>;
  readonly windows: Map<string, KeyValidity>;
}

/** A JWK or JWKS: a file path, or the value itself. */
export type KeySource = string | JWK | { readonly keys: readonly JWK[] };

/** Keys from one or more JWK/JWKS sources (files or values), with their `valid_from`/`retired_at`. */
export async function loadKeyHistory(sources: KeySource | readonly KeySource[]): Promise<TrustedKeys> {
  const out: TrustedKeys = { keys: new Map(), windows: new Map() };
  const list = Array.isArray(sources) ? (sources as readonly KeySource[]) : [sources as KeySource];
  for (const s of list) {
    let text: string;
    if (typeof s === "string") {
      try {
        text = await readFile(s, "utf8");
      } catch {
        throw new EvidenceError(`public key file ${s} cannot be read`);
      }
    } else text = JSON.stringify(s);
    const where = typeof s === "string" ? s : "the given key";
    const one = await parseKeyHistory(text, where);
    for (const [kid, jwk] of one.keys) if (!out.keys.has(kid)) out.keys.set(kid, jwk);
    for (const [kid, w] of one.windows) if (!out.windows.has(kid)) out.windows.set(kid, w);
  }
  return out;
}

/** Parses a JWK or JWKS text; key ids are recomputed (RFC 7638), never taken from the file. */
export async function parseKeyHistory(text: string, where: string): Promise<TrustedKeys> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EvidenceError(`${where} is not JSON; expected a public JWK or a JWKS`);
  }
  const list = isJwks(parsed) ? parsed.keys : [parsed];
  const out: TrustedKeys = { keys: new Map(), windows: new Map() };
  for (const entry of list) {
    if (typeof entry !== "object" || entry === null || typeof (entry as JWK).kty !== "string") throw new EvidenceError(`${where} holds an entry that is not a JWK`);
    const pub = await publicJwkOf(entry);
    const kid = pub.kid ?? "";
    out.keys.set(kid, pub);
    const e = entry as Record<string, unknown>;
    const from = isoOrNull(e["valid_from"], where, kid);
    const until = isoOrNull(e["retired_at"], where, kid);
    if (from !== null || until !== null) out.windows.set(kid, { from, until });
  }
  if (out.keys.size === 0) throw new EvidenceError(`${where} holds no key`);
  return out;
}

function isoOrNull(v: unknown, where: string, kid: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" || Number.isNaN(Date.parse(v))) throw new EvidenceError(`${where}: key ${kid} has a validity date that is not ISO 8601 (valid_from / retired_at)`);
  return new Date(v).toISOString();
}

function isJwks(v: unknown): v is { keys: unknown[] } {
  return typeof v === "object" && v !== null && Array.isArray((v as { keys?: unknown }).keys);
}

/** Verifies the rotation folders (oldest first) against `trusted`, which grows with each verified rotation. */
export async function followRotations(trusted: TrustedKeys, dirs: readonly string[]): Promise<{ rotations: RotationVerification[]; problems: VerifyProblem[] }> {
  const rotations: RotationVerification[] = [];
  const problems: VerifyProblem[] = [];
  for (const dir of dirs) {
    const v = await verifyRotationFolder(dir, trusted.keys);
    rotations.push(v);
    if (!v.ok || v.rotation === null) {
      if (v.problem) problems.push(v.problem);
      continue;
    }
    const r = v.rotation;
    const outside = windowProblem(`key rotation ${r.rotationId}`, r.retiredKeyId, r.at, trusted.windows);
    if (outside) {
      problems.push({ runId: r.rotationId, message: outside });
      continue;
    }
    const old = trusted.windows.get(r.retiredKeyId);
    trusted.windows.set(r.retiredKeyId, { ...old, from: old?.from ?? null, until: old?.until ?? r.at, retiredBy: r.rotationId });
    const newKey = await publicJwkOf(r.newKey);
    const kid = newKey.kid ?? "";
    if (!trusted.keys.has(kid)) trusted.keys.set(kid, newKey);
    const w = trusted.windows.get(kid);
    trusted.windows.set(kid, { from: w?.from && w.from > r.at ? w.from : r.at, until: w?.until ?? null, introducedBy: r.rotationId, ...(w?.retiredBy ? { retiredBy: w.retiredBy } : {}) });
  }
  return { rotations, problems };
}

/** Why `what`, signed by `kid` at `at`, falls outside that key's validity window; null when it does not. */
export function windowProblem(what: string, kid: string, at: string, windows: ReadonlyMap<string, KeyValidity>): string | null {
  const w = windows.get(kid);
  if (w === undefined) return null;
  if (w.from !== null && at < w.from)
    return `${what} was signed at ${at} by key ${kid}, outside its validity window: the key is valid from ${w.from}${w.introducedBy ? ` (key rotation ${w.introducedBy})` : ""}`;
  if (w.until !== null && at > w.until)
    return `${what} was signed at ${at} by key ${kid}, outside its validity window: the key was retired at ${w.until}${w.retiredBy ? ` by key rotation ${w.retiredBy}` : ""}; after a rotation only the new key signs`;
  return null;
}

/** The published key of the oldest node (run or rotation) of an evidence folder: the first key of the chain. */
export async function firstPublishedKey(nodeDirs: readonly string[]): Promise<TrustedKeys> {
  const out: TrustedKeys = { keys: new Map(), windows: new Map() };
  const dir = nodeDirs[0];
  if (dir === undefined) return out;
  const k = await readPublishedKey(dir);
  if (typeof k !== "string") out.keys.set(k.kid ?? "", k);
  return out;
}

/**
 * Complete runs and rotations of an evidence folder, oldest first (unverified): run start or
 * rotation time. An interrupted run is not a node of the chain (verify reports it on its own): with
 * no signed manifest and perhaps no start time, it must not pass for the first run and its key.
 */
export async function chainNodeDirs(evidenceDir: string): Promise<{ dir: string; at: string }[]> {
  const runs = (await listRuns(evidenceDir)).flatMap((r) => (r.complete ? [{ dir: r.runDir, at: r.startedAt ?? "" }] : []));
  const rotations = (await listRotations(evidenceDir)).map((r) => ({ dir: r.dir, at: r.rotation?.at ?? "" }));
  return [...runs, ...rotations].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * The key history of an evidence folder as a JWKS: the first run's key from its first use, then
 * each rotated-in key with `valid_from`, each retired key with `retired_at` (from the rotations,
 * which are only trusted once `assay verify` has checked them), and any other signing key from
 * the first run it signed.
 */
export async function keyHistoryOf(evidenceDir: string): Promise<{ keys: (JWK & { valid_from?: string; retired_at?: string })[] }> {
  const history = new Map<string, JWK & { valid_from?: string; retired_at?: string }>();
  const runs = await listRuns(evidenceDir);
  const rotations = await listRotations(evidenceDir);
  const events = [
    ...runs.flatMap((r) => (r.complete && r.manifest ? [{ at: r.manifest.startedAt, dir: r.runDir, rotation: null }] : [])),
    ...rotations.flatMap((r) => (r.rotation ? [{ at: r.rotation.at, dir: r.dir, rotation: r.rotation }] : [])),
  ].sort((a, b) => (a.at < b.at ? -1 : 1));
  for (const e of events) {
    const signer = await readPublishedKey(e.dir);
    if (typeof signer !== "string" && !history.has(signer.kid ?? "")) history.set(signer.kid ?? "", { ...signer, valid_from: e.at });
    if (e.rotation === null) continue;
    const old = history.get(e.rotation.retiredKeyId);
    if (old) history.set(e.rotation.retiredKeyId, { ...old, retired_at: e.rotation.at });
    const next = await publicJwkOf(e.rotation.newKey);
    history.set(next.kid ?? "", { ...next, valid_from: e.rotation.at });
  }
  return { keys: [...history.values()] };
}
