/**
 * @module Verifying one run folder: completeness, the manifest signature, the published public
 * key, manifest.json against the signed payload, the exact set of record files (segments), every
 * record's hash against the signed index, record identity and order, and the Merkle root. Both
 * evidence formats (layout.ts) are verified.
 */
import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { JWK } from "jose";
import type { DocumentRecord, PartialRun, RunManifest, StoredRecord } from "../model/evidence.js";
import { describeSelection } from "../model/selection.js";
import { canonicalBytes, sha256, sha256Hex } from "./canonical.js";
import { publicJwkOf } from "./keys.js";
import * as L from "./layout.js";
import { MerkleBuilder } from "./merkle.js";
import { eachLine } from "./record-files.js";
import { jwsHeader, verifyManifestJws } from "./signature.js";

export interface VerifyProblem {
  readonly runId?: string;
  readonly file?: string;
  readonly message: string;
}

export interface RunVerification {
  readonly runId: string;
  readonly runDir: string;
  readonly ok: boolean;
  readonly complete: boolean;
  readonly manifest: RunManifest | null;
  /** SHA-256 of manifest.jws (what the next run chains to); null when absent. */
  readonly manifestSha256: string | null;
  readonly keyId: string | null;
  readonly checked: readonly string[];
  readonly problem: VerifyProblem | null;
}

export interface RunCheckOptions {
  /** Trusted keys by id; null = trust the public.jwk published beside the run. */
  readonly trusted: ReadonlyMap<string, JWK> | null;
  /** false = manifest only (signature and chain fields), used for the earlier runs of a chain. */
  readonly records?: boolean;
}

export async function verifyRunFolder(runDir: string, opts: RunCheckOptions): Promise<RunVerification> {
  const runId = basename(runDir);
  const checked: string[] = [];
  let manifest: RunManifest | null = null;
  let manifestSha256: string | null = null;
  let keyId: string | null = null;
  const done = (problem: VerifyProblem | null, complete = true): RunVerification => ({
    runId, runDir, ok: problem === null, complete, manifest, manifestSha256, keyId, checked, problem: problem && { runId, ...problem },
  });
  const jwsPath = join(runDir, L.MANIFEST_JWS);
  if (existsSync(join(runDir, L.INCOMPLETE))) return done({ file: L.INCOMPLETE, message: `run ${runId} is incomplete: it was interrupted while being written (${L.INCOMPLETE} marker present)` }, false);
  if (!existsSync(jwsPath)) return done({ file: L.MANIFEST_JWS, message: `run ${runId} is incomplete: ${L.MANIFEST_JWS} is missing` }, false);

  const jwsBytes = await readFile(jwsPath);
  const jws = jwsBytes.toString("utf8");
  manifestSha256 = sha256Hex(jwsBytes);
  const header = jwsHeader(jws);
  keyId = header?.kid ?? null;
  const published = await readPublishedKey(runDir);
  if (typeof published === "string") return done({ file: L.PUBLIC_JWK, message: published });
  if (header && published.kid !== header.kid) return done({ file: L.PUBLIC_JWK, message: `${L.PUBLIC_JWK} holds key ${String(published.kid)}, but the manifest is signed by key ${header.kid}` });
  const trusted = opts.trusted ?? new Map([[published.kid ?? "", published]]);
  const sig = await verifyManifestJws(jws, trusted);
  if (!sig.ok) return done({ file: L.MANIFEST_JWS, message: sig.message });
  checked.push(`signature: ${sig.alg} by key ${sig.kid} (${opts.trusted ? "trusted key given" : `key published in ${L.PUBLIC_JWK}`})`);

  const manifestJson = await readOrNull(join(runDir, L.MANIFEST_JSON));
  if (manifestJson === null || !manifestJson.equals(sig.payload)) return done({ file: L.MANIFEST_JSON, message: `${L.MANIFEST_JSON} differs from the manifest signed in ${L.MANIFEST_JWS}` });
  manifest = JSON.parse(sig.payload.toString("utf8")) as RunManifest;
  if (manifest.schema !== L.MANIFEST_SCHEMA && manifest.schema !== L.MANIFEST_SCHEMA_V1) return done({ file: L.MANIFEST_JSON, message: `unknown manifest schema ${String(manifest.schema)}` });
  if (manifest.runId !== runId) return done({ file: L.MANIFEST_JSON, message: `the signed manifest is for run ${manifest.runId}, but the folder is named ${runId}` });
  if (manifest.keyId !== sig.kid) return done({ file: L.MANIFEST_JSON, message: `the manifest names key ${manifest.keyId} but is signed by key ${sig.kid}` });
  checked.push(`${L.MANIFEST_JSON} is the signed manifest`);
  if (manifest.partial) checked.push(partialLine(manifest.partial));
  if (manifest.summary.selection) checked.push(`signed as a ${describeSelection(manifest.summary.selection)}`);
  if (opts.records === false) return done(null);

  const v1 = manifest.schema === L.MANIFEST_SCHEMA_V1;
  const files: readonly string[] = v1 ? L.RUN_FILES_V1 : L.RUN_FILES;
  const extra = (await readdir(runDir)).filter((n) => n !== L.RECORDS_DIR && !files.includes(n));
  if (extra[0] !== undefined) return done({ file: extra[0], message: `unexpected file ${extra[0]} in run ${runId}` });
  const recordsProblem = v1 ? await checkRecordFiles(runDir, manifest, checked) : await checkSegments(runDir, manifest, checked);
  return done(recordsProblem);
}

/** Format 1: `records/NNNNNN.json`, one file per record, listed in `SHA256SUMS`. */
async function checkRecordFiles(runDir: string, manifest: RunManifest, checked: string[]): Promise<VerifyProblem | null> {
  const n = manifest.recordCount;
  const names = existsSync(join(runDir, L.RECORDS_DIR)) ? new Set(await readdir(join(runDir, L.RECORDS_DIR))) : new Set<string>();
  for (let i = 1; i <= n; i++) {
    if (!names.has(L.recordFile(i))) return { file: `${L.RECORDS_DIR}/${L.recordFile(i)}`, message: `record ${L.RECORDS_DIR}/${L.recordFile(i)} is missing (the manifest lists ${n} records)` };
    names.delete(L.recordFile(i));
  }
  const [stray] = [...names].sort();
  if (stray !== undefined) return { file: `${L.RECORDS_DIR}/${stray}`, message: `unexpected record file ${L.RECORDS_DIR}/${stray} (the manifest lists ${n} records)` };
  checked.push(`${n} records present, nothing extra`);

  const index = await readOrNull(join(runDir, L.RECORDS_INDEX));
  if (index === null || sha256Hex(index) !== manifest.recordsIndexSha256) return { file: L.RECORDS_INDEX, message: `${L.RECORDS_INDEX} is missing or does not match the hash in the signed manifest` };
  const expected = index.toString("utf8").split("\n").slice(0, -1).map((line) => line.slice(0, 64));
  if (expected.length !== n || L.recordsIndexText(expected) !== index.toString("utf8")) return { file: L.RECORDS_INDEX, message: `${L.RECORDS_INDEX} is not an index of ${n} records` };

  const merkle = new MerkleBuilder();
  for (let seq = 1; seq <= n; seq++) {
    // Synchronous reads: thousands of small files are read several times faster without a
    // thread-pool round trip each, and verification has nothing else to do meanwhile.
    const bytes = readFileSync(join(runDir, L.RECORDS_DIR, L.recordFile(seq)));
    const file = `${L.RECORDS_DIR}/${L.recordFile(seq)}`;
    const problem = checkRecord(bytes, { seq, file, name: file }, runDir, manifest.runId, expected[seq - 1] ?? "");
    if (problem) return problem;
    merkle.add(sha256(bytes));
  }
  checked.push(`${n} record hashes match ${L.RECORDS_INDEX}`);
  return checkRoot(merkle.root(), manifest, checked);
}

/**
 * Format 2: records are the lines of `records/NNNNNN.jsonl` (SEGMENT_RECORDS per segment), their
 * hashes the lines of `records.sha256`. Every byte of a segment belongs to a record line or its
 * line end, so a change anywhere is a record whose hash differs, a record missing or cut short, or
 * data after the last record — each reported with the record it hits.
 */
async function checkSegments(runDir: string, manifest: RunManifest, checked: string[]): Promise<VerifyProblem | null> {
  const n = manifest.recordCount;
  const count = Math.ceil(n / L.SEGMENT_RECORDS);
  const dir = join(runDir, L.RECORDS_DIR);
  const names = existsSync(dir) ? new Set(await readdir(dir)) : new Set<string>();
  for (let k = 1; k <= count; k++) {
    const file = `${L.RECORDS_DIR}/${L.segmentFile(k)}`;
    const first = (k - 1) * L.SEGMENT_RECORDS + 1;
    if (!names.delete(L.segmentFile(k))) return { file, message: `segment ${file} is missing: it holds records ${first}–${Math.min(n, first + L.SEGMENT_RECORDS - 1)} of the ${n} the manifest lists` };
  }
  const [stray] = [...names].sort();
  if (stray !== undefined) return { file: `${L.RECORDS_DIR}/${stray}`, message: `unexpected file ${L.RECORDS_DIR}/${stray} (the manifest lists ${n} records in ${count} segment(s))` };
  checked.push(`${count} segment(s) for ${n} records, nothing extra`);

  const index = await readOrNull(join(runDir, L.RECORD_HASHES));
  if (index === null || sha256Hex(index) !== manifest.recordsIndexSha256) return { file: L.RECORD_HASHES, message: `${L.RECORD_HASHES} is missing or does not match the hash in the signed manifest` };
  const expected = index.toString("latin1").split("\n");
  if (expected.pop() !== "" || expected.length !== n || !expected.every((h) => /^[0-9a-f]{64}$/.test(h))) return { file: L.RECORD_HASHES, message: `${L.RECORD_HASHES} is not an index of ${n} records` };

  const merkle = new MerkleBuilder();
  for (let k = 1; k <= count; k++) {
    const file = `${L.RECORDS_DIR}/${L.segmentFile(k)}`;
    const base = (k - 1) * L.SEGMENT_RECORDS;
    const want = Math.min(L.SEGMENT_RECORDS, n - base);
    const at = (i: number) => ({ seq: base + i + 1, file, name: `${base + i + 1} (${file}:${i + 1})` });
    const read = eachLine(join(dir, L.segmentFile(k)), (line, i): VerifyProblem | undefined => {
      if (i >= want) return { file, message: `${file} holds more than its ${want} records: unexpected data on line ${i + 1}, after record ${base + want}` };
      const problem = checkRecord(line, at(i), runDir, manifest.runId, expected[base + i]!);
      if (problem) return problem;
      merkle.add(sha256(line));
      return undefined;
    });
    if (read.stopped !== undefined) return read.stopped;
    const { lines, rest } = read;
    if (rest.length > 0 && lines < want) {
      const r = at(lines);
      const whole = checkRecord(rest, r, runDir, manifest.runId, expected[r.seq - 1]!) === null;
      return { file, message: `record ${r.name} is cut short: ${file} ends ${whole ? "without its line end" : "in the middle of it"} (truncated)` };
    }
    if (rest.length > 0) return { file, message: `${file} holds data after its last record ${base + want}` };
    if (lines < want) return { file, message: `record ${at(lines).name} is missing: ${file} ends after ${lines} of its ${want} records (truncated)` };
  }
  checked.push(`${n} record hashes match ${L.RECORD_HASHES}`);
  return checkRoot(merkle.root(), manifest, checked);
}

function checkRoot(root: string, manifest: RunManifest, checked: string[]): VerifyProblem | null {
  if (root !== manifest.merkleRoot) return { message: `the Merkle root of the records (${root}) differs from the signed root ${manifest.merkleRoot}` };
  checked.push(`Merkle root ${root}`);
  return null;
}

/** One record: valid JSON of this run with its own sequence number, hashing to the signed index entry; a document record's stored bytes too. */
function checkRecord(bytes: Buffer, at: { seq: number; file: string; name: string }, runDir: string, runId: string, expectedHex: string): VerifyProblem | null {
  const { seq, file, name } = at;
  let rec: StoredRecord;
  try {
    rec = JSON.parse(bytes.toString("utf8")) as StoredRecord;
  } catch {
    return { file, message: `record ${name} is damaged (not valid JSON)` };
  }
  if (rec.runId !== runId) return { file, message: `record ${name} belongs to run ${String(rec.runId)}, not to run ${runId}` };
  if (rec.sequence !== seq) return { file, message: `record ${name} holds sequence ${String(rec.sequence)}: records were reordered or renamed` };
  const actual = sha256Hex(bytes);
  if (actual !== expectedHex) return { file, message: `record ${name} was modified: its SHA-256 is ${actual}, the signed index says ${expectedHex}` };
  return "kind" in rec && rec.kind === "document" ? checkDocument(runDir, rec) : null;
}

/** A document record's stored bytes (`documents/<sha256>` beside the run) must still hash to it. */
function checkDocument(runDir: string, rec: DocumentRecord): VerifyProblem | null {
  if (!rec.stored || !rec.sha256) return null;
  const path = join(dirname(runDir), rec.stored);
  if (!existsSync(path)) return { file: rec.stored, message: `document ${rec.name} is missing from the store (${rec.stored})` };
  const actual = sha256Hex(readFileSync(path));
  if (actual !== rec.sha256) return { file: rec.stored, message: `document ${rec.name} (${rec.stored}) was modified: its SHA-256 is ${actual}` };
  return null;
}

/** A partial run verifies (its evidence is intact) but always says it is partial and what is missing. */
export function partialLine(p: PartialRun): string {
  const shown = p.missing.slice(0, 5).map((m) => `${m.probeId} on ${m.targetId}`);
  const more = p.missing.length > 5 ? ` and ${p.missing.length - 5} more` : "";
  return `PARTIAL run, signed as such: ${p.missing.length} probe invocation(s) have no result (${shown.join(", ")}${more})`;
}

/** The run's `public.jwk`, which must be exactly the canonical public JWK Assay writes. */
export async function readPublishedKey(runDir: string): Promise<JWK | string> {
  const bytes = await readOrNull(join(runDir, L.PUBLIC_JWK));
  if (bytes === null) return `${L.PUBLIC_JWK} is missing`;
  try {
    const jwk = await publicJwkOf(JSON.parse(bytes.toString("utf8")) as JWK);
    if (canonicalBytes(jwk).equals(bytes)) return jwk;
  } catch {
    // fall through: any parse or key error means the file was altered
  }
  return `${L.PUBLIC_JWK} is damaged: it is not the public key Assay published`;
}

export async function readOrNull(p: string): Promise<Buffer | null> {
  try {
    return await readFile(p);
  } catch {
    return null;
  }
}
