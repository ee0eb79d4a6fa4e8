/**
 * @module writeEvidenceRun: records, `SHA256SUMS`, the manifest and its JWS, chained to the
 * previous run. The run folder holds `.incomplete` from its creation until everything else is
 * durable; only then is the marker removed, so a killed run is never taken for a complete one.
 */
import { access, readFile, mkdir, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CompactSign } from "jose";
import type { PartialRun, RunManifest, StoredRecord } from "../model/evidence.js";
import type { AuditResult } from "../model/result.js";
import type { AuditSpec } from "../model/spec.js";
import { canonicalBytes, EvidenceError, sha256, sha256Hex } from "./canonical.js";
import { syncDir, syncFiles, writeAtomic, writeNewFiles } from "./fsutil.js";
import { publicJwkBytes, type SigningKey } from "./keys.js";
import * as L from "./layout.js";
import { acquireStoreLock } from "./lock.js";
import { merkleRoot } from "./merkle.js";
import { buildAttestationRecords, buildRecords, manifestBody, type DocumentBytes } from "./records.js";
import { listRotations, listRuns } from "./read.js";
import { buildSummary } from "./summary.js";

export interface WriteEvidenceOptions {
  readonly result: AuditResult;
  readonly spec: AuditSpec;
  readonly key: SigningKey;
  /** Evidence folder; relative paths resolve against the working directory. */
  readonly evidenceDir: string;
  readonly assayVersion: string;
  /** Make the records durable before the manifest names them (default true). Off only for throw-away stores. */
  readonly durable?: boolean;
  /** Sign the run as explicitly partial, listing what is missing (distributed runs only). */
  readonly partial?: PartialRun | null;
  /** Test hook, awaited after each record is written (used to interrupt a run mid-write). */
  readonly afterRecord?: (sequence: number) => Promise<void>;
  /** Test hook, awaited once every record is durable, and once the signed manifest is (before HEAD and the marker). */
  readonly afterStage?: (stage: "records-durable" | "manifest-durable") => Promise<void>;
}

export interface WrittenRun {
  readonly runDir: string;
  /** SHA-256 (hex) of `manifest.jws`: what the next run chains to and what reports cite. */
  readonly manifestSha256: string;
  readonly keyId: string;
  readonly recordCount: number;
}

/** Records hashed and written per batch (the `afterRecord` hook runs after each batch). */
const BATCH = 256;

export async function writeEvidenceRun(opts: WriteEvidenceOptions): Promise<WrittenRun> {
  const { result, spec, key, assayVersion, durable = true } = opts;
  if (!L.RUN_ID.test(result.runId)) throw new EvidenceError(`run id ${JSON.stringify(result.runId)} cannot name a folder; use letters, digits, '.', '_' and '-'`);
  const evidenceDir = resolve(opts.evidenceDir);
  await mkdir(evidenceDir, { recursive: true });
  const lock = await acquireStoreLock(evidenceDir);
  try {
    const previous = await chainTip(evidenceDir);
    await assertKeyNotRetired(evidenceDir, key.kid);
    const runDir = join(evidenceDir, result.runId);
    try {
      await mkdir(runDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new EvidenceError(`evidence for run ${result.runId} already exists in ${runDir}; a run id is written once`);
      throw err;
    }
    await writeAtomic(join(runDir, L.INCOMPLETE), `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`);
    await syncDir(evidenceDir);

    const checkRecords = buildRecords(result, spec);
    const attested = await buildAttestationRecords(result, spec, checkRecords.length + 1, async (path) => {
      try {
        return await readFile(path);
      } catch {
        return null;
      }
    });
    const records: StoredRecord[] = [...checkRecords, ...attested.records];
    await storeDocuments(evidenceDir, attested.documents);
    const recordsDir = join(runDir, L.RECORDS_DIR);
    await mkdir(recordsDir);
    const digests: Buffer[] = new Array<Buffer>(records.length);
    const paths: string[] = [];
    for (let start = 0; start < records.length; start += BATCH) {
      const batch = records.slice(start, start + BATCH).map((r) => {
        const bytes = canonicalBytes(r);
        digests[r.sequence - 1] = sha256(bytes);
        return { sequence: r.sequence, path: join(recordsDir, L.recordFile(r.sequence)), bytes };
      });
      writeNewFiles(batch);
      for (const r of batch) paths.push(r.path);
      if (opts.afterRecord) for (const r of batch) await opts.afterRecord(r.sequence);
    }
    // One durability barrier for every record and their folder, before any file names them: the
    // manifest is written only once the records are on disk, the marker removed only after that.
    if (durable) await syncFiles(recordsDir, paths);
    else await syncDir(recordsDir);
    if (opts.afterStage) await opts.afterStage("records-durable");

    const hex = digests.map((d) => d.toString("hex"));
    const index = L.recordsIndexText(hex);
    await writeAtomic(join(runDir, L.RECORDS_INDEX), index);
    await writeAtomic(join(runDir, L.PUBLIC_JWK), publicJwkBytes(key.publicJwk));

    const manifest: RunManifest = {
      ...manifestBody(result, spec, assayVersion),
      recordCount: records.length,
      merkleRoot: merkleRoot(digests),
      recordsIndexSha256: sha256Hex(index),
      previousManifestSha256: previous?.manifestSha256 ?? null,
      previousRunId: previous?.runId ?? null,
      keyId: key.kid,
      summary: buildSummary(result, spec),
      ...(opts.partial ? { partial: opts.partial } : {}),
    };
    const payload = canonicalBytes(manifest);
    const jws = await new CompactSign(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: L.MANIFEST_TYP }).sign(key.privateKey);
    await writeAtomic(join(runDir, L.MANIFEST_JSON), payload);
    await writeAtomic(join(runDir, L.MANIFEST_JWS), jws);
    await syncDir(runDir);
    if (opts.afterStage) await opts.afterStage("manifest-durable");

    const manifestSha256 = sha256Hex(jws);
    const head: L.HeadPointer = { runId: result.runId, manifestSha256 };
    await writeAtomic(join(evidenceDir, L.HEAD), `${JSON.stringify(head)}\n`);
    await unlink(join(runDir, L.INCOMPLETE));
    await syncDir(runDir);
    await syncDir(evidenceDir);
    return { runDir, manifestSha256, keyId: key.kid, recordCount: records.length };
  } finally {
    await lock.release();
  }
}

/** The chain tip recorded by the last complete write, or null for a new store. */
export async function readHead(evidenceDir: string): Promise<L.HeadPointer | null> {
  let text: string;
  try {
    text = await readFile(join(evidenceDir, L.HEAD), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  let v: Partial<L.HeadPointer> = {};
  try {
    v = JSON.parse(text) as Partial<L.HeadPointer>;
  } catch {
    // reported below
  }
  if (typeof v.runId !== "string" || typeof v.manifestSha256 !== "string") throw new EvidenceError(`${join(evidenceDir, L.HEAD)} is damaged; it should name the latest run and its manifest hash`);
  return { runId: v.runId, manifestSha256: v.manifestSha256 };
}

/** The node the next one chains to: HEAD, else (HEAD lost) the newest complete node no other follows. */
export async function chainTip(evidenceDir: string): Promise<L.HeadPointer | null> {
  return (await readHead(evidenceDir)) ?? (await findTip(evidenceDir));
}

/** Without HEAD (lost, or a store from before HEAD existed): the newest complete run or rotation no other node follows. */
async function findTip(evidenceDir: string): Promise<L.HeadPointer | null> {
  const runs = (await listRuns(evidenceDir)).flatMap((r) => (r.complete && r.manifest ? [{ id: r.runId, dir: r.runDir, jws: L.MANIFEST_JWS, at: r.manifest.startedAt, prev: r.manifest.previousRunId }] : []));
  const rotations = (await listRotations(evidenceDir)).flatMap((r) => (r.rotation ? [{ id: r.rotationId, dir: r.dir, jws: L.ROTATION_JWS, at: r.rotation.at, prev: r.rotation.previousRunId }] : []));
  const nodes = [...runs, ...rotations].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const followed = new Set(nodes.map((n) => n.prev));
  const tip = nodes.filter((n) => !followed.has(n.id)).pop();
  if (tip === undefined) return null;
  return { runId: tip.id, manifestSha256: sha256Hex(await readFile(join(tip.dir, tip.jws))) };
}

/** A key that a rotation retired signs nothing more: its runs would never verify. */
async function assertKeyNotRetired(evidenceDir: string, kid: string): Promise<void> {
  for (const { rotationId, rotation } of await listRotations(evidenceDir)) {
    if (rotation?.retiredKeyId === kid)
      throw new EvidenceError(
        `signing key ${kid} was retired by key rotation ${rotationId} on ${rotation.at}; sign with its successor ${rotation.newKey.kid} (written by assay keys rotate)`,
      );
  }
}

/** Document bytes go to `documents/<sha256>` of the store once; a copy already there is kept. */
async function storeDocuments(evidenceDir: string, docs: readonly (DocumentBytes & { bytes: Buffer })[]): Promise<void> {
  if (docs.length === 0) return;
  const dir = join(evidenceDir, L.DOCUMENTS_DIR);
  await mkdir(dir, { recursive: true });
  for (const d of docs) {
    const path = join(dir, d.sha256);
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (!exists) await writeAtomic(path, d.bytes);
  }
  await syncDir(dir);
}
