/**
 * @module Reading runs back: readRun (one run folder) and listRuns (an evidence folder). These read
 * without verifying; call verifyRun before trusting what they return.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { AttestationRecord, DocumentRecord, EvidenceRecord, KeyRotation, RunManifest, StoredRecord } from "../model/evidence.js";
import { EvidenceError } from "./canonical.js";
import * as L from "./layout.js";
import { formatOf, readRecordBytes } from "./record-files.js";

export interface RunOnDisk {
  readonly runId: string;
  readonly runDir: string;
  /** Parsed `manifest.json` (unverified); null when the run never got that far. */
  readonly manifest: RunManifest | null;
  /** Records in sequence order (empty when `records: false` was asked). */
  /** Check × target records. */
  readonly records: readonly EvidenceRecord[];
  /** Attestation and document records (after the check records). */
  readonly attested: readonly (AttestationRecord | DocumentRecord)[];
  /** The compact JWS over the manifest; null when absent. */
  readonly jws: string | null;
  /** False while (or after being killed while) writing: such a run never verifies. */
  readonly complete: boolean;
}

export interface RunEntry {
  readonly runId: string;
  readonly runDir: string;
  readonly complete: boolean;
  readonly manifest: RunManifest | null;
  /** Start of the run (from the manifest, or when an interrupted run began writing); null if unknown. */
  readonly startedAt: string | null;
}

export async function readRun(runDir: string, opts: { records?: boolean } = {}): Promise<RunOnDisk> {
  const dir = resolve(runDir);
  if (!(await isDir(dir))) throw new EvidenceError(`${dir} is not a run folder`);
  const manifest = await readJsonOrNull<RunManifest>(join(dir, L.MANIFEST_JSON));
  const jws = await readTextOrNull(join(dir, L.MANIFEST_JWS));
  const complete = jws !== null && manifest !== null && !existsSync(join(dir, L.INCOMPLETE));
  const records: EvidenceRecord[] = [];
  const attested: (AttestationRecord | DocumentRecord)[] = [];
  if (opts.records !== false) {
    for (const { bytes } of readRecordBytes(dir, formatOf(dir, manifest))) {
      const r = JSON.parse(bytes.toString("utf8")) as StoredRecord;
      if ("kind" in r) attested.push(r);
      else records.push(r);
    }
  }
  return { runId: manifest?.runId ?? dir.split(/[\\/]/).pop() ?? "", runDir: dir, manifest, records, jws, complete, attested };
}

/** Every run folder of an evidence folder, oldest first (by start time, then id). */
export async function listRuns(evidenceDir: string): Promise<RunEntry[]> {
  const dir = resolve(evidenceDir);
  if (!(await isDir(dir))) throw new EvidenceError(`evidence folder ${dir} does not exist`);
  const out: RunEntry[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const runDir = join(dir, name);
    if (name.startsWith(".") || name === L.DOCUMENTS_DIR || !(await isDir(runDir)) || isRotationDir(runDir)) continue;
    const manifest = await readJsonOrNull<RunManifest>(join(runDir, L.MANIFEST_JSON));
    const complete = manifest !== null && existsSync(join(runDir, L.MANIFEST_JWS)) && !existsSync(join(runDir, L.INCOMPLETE));
    // An interrupted run has no manifest: its marker says when writing began.
    const marker = manifest ? null : await readJsonOrNull<{ startedAt?: string }>(join(runDir, L.INCOMPLETE));
    out.push({ runId: name, runDir, complete, manifest, startedAt: manifest?.startedAt ?? marker?.startedAt ?? null });
  }
  const started = (e: RunEntry): string => e.startedAt ?? "";
  return out.sort((a, b) => (started(a) < started(b) ? -1 : started(a) > started(b) ? 1 : a.runId < b.runId ? -1 : 1));
}

export interface RotationEntry {
  readonly rotationId: string;
  readonly dir: string;
  /** Parsed `rotation.json` (unverified); null when missing or damaged. */
  readonly rotation: KeyRotation | null;
}

/** True for a key rotation node of the chain (`rotation.json` / `rotation.jws`), which is not a run. */
export function isRotationDir(dir: string): boolean {
  return existsSync(join(dir, L.ROTATION_JWS)) || existsSync(join(dir, L.ROTATION_JSON));
}

/** The key rotations of an evidence folder, oldest first (unverified). */
export async function listRotations(evidenceDir: string): Promise<RotationEntry[]> {
  const dir = resolve(evidenceDir);
  if (!(await isDir(dir))) return [];
  const out: RotationEntry[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const rotDir = join(dir, name);
    if (name.startsWith(".") || !isRotationDir(rotDir)) continue;
    out.push({ rotationId: name, dir: rotDir, rotation: await readJsonOrNull<KeyRotation>(join(rotDir, L.ROTATION_JSON)) });
  }
  return out.sort((a, b) => ((a.rotation?.at ?? "") < (b.rotation?.at ?? "") ? -1 : 1));
}

/** True when the folder looks like one run rather than an evidence folder of runs. */
export function isRunDir(dir: string): boolean {
  return [L.MANIFEST_JWS, L.MANIFEST_JSON, L.INCOMPLETE, L.RECORDS_DIR].some((f) => existsSync(join(dir, f)));
}

/**
 * A run named by folder path, by id inside the evidence folder, by `latest` or `previous` (the newest
 * complete run and the one before it), or by a unique prefix of its id.
 */
export async function resolveRunDir(run: string, evidenceDir: string): Promise<string> {
  const asPath = resolve(run);
  if ((await isDir(asPath)) && isRunDir(asPath)) return asPath;
  const store = resolve(evidenceDir);
  const inStore = join(store, run);
  if (L.RUN_ID.test(run) && (await isDir(inStore))) return inStore;
  if (!(await isDir(store))) throw new EvidenceError(`no run ${run}: evidence folder ${store} does not exist`);
  const runs = await listRuns(store);
  if (run === "latest" || run === "previous") {
    const complete = runs.filter((r) => r.complete);
    const pick = complete.at(run === "latest" ? -1 : -2);
    if (pick === undefined)
      throw new EvidenceError(`no ${run} run: ${store} holds ${complete.length} complete run(s)`);
    return pick.runDir;
  }
  const matches = run === "" ? [] : runs.filter((r) => r.runId.startsWith(run));
  const [only] = matches;
  if (matches.length === 1 && only) return only.runDir;
  if (matches.length > 1) {
    const shown = matches.slice(-5).map((r) => r.runId);
    throw new EvidenceError(
      `run id prefix ${JSON.stringify(run)} is ambiguous in ${store}: ${matches.length} runs match (${shown.join(", ")}${matches.length > 5 ? ", …" : ""}); give more characters`,
    );
  }
  throw new EvidenceError(
    `no run ${run} in ${store}: not a run folder, a run id or a prefix of one (latest and previous name the newest runs; assay runs list shows them all)`,
  );
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function readTextOrNull(p: string): Promise<string | null> {
  try {
    return await readFile(p, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

async function readJsonOrNull<T>(p: string): Promise<T | null> {
  const text = await readTextOrNull(p);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
