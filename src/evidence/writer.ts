/**
 * @module The streaming evidence writer: `openEvidenceRun` → `append` records as they arrive →
 * `seal` (attestations, durability barrier, signed manifest, HEAD) or `abort`. Memory stays
 * bounded whatever the record count: records go to segment files (format 2, docs/evidence.md) as
 * they come, the record index is written and hashed on the way, and the Merkle root is built
 * incrementally. The store is locked from open to seal or abort, and the run folder holds
 * `.incomplete` until everything else is durable, so a run killed at any point never verifies.
 */
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, writeFileSync, writeSync } from "node:fs";
import { access, mkdir, readFile, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CompactSign } from "jose";
import type { PartialRun, RunManifest, StoredRecord } from "../model/evidence.js";
import type { AuditResult } from "../model/result.js";
import type { AuditSpec } from "../model/spec.js";
import { canonicalBytes, EvidenceError, sha256, sha256Hex } from "./canonical.js";
import { fsyncFile, syncDir, writeAtomic } from "./fsutil.js";
import { publicJwkBytes, type SigningKey } from "./keys.js";
import * as L from "./layout.js";
import { acquireStoreLock } from "./lock.js";
import { MerkleBuilder } from "./merkle.js";
import { buildAttestationRecords, manifestBody, type DocumentBytes } from "./records.js";
import { listRotations } from "./read.js";
import { chainTip } from "./head.js";
import { buildSummary } from "./summary.js";

type Unnumbered<T> = T extends unknown ? Omit<T, "runId" | "sequence"> : never;
/** A record as a caller hands it over: the writer adds `runId` and numbers it. */
export type NewRecord = Unnumbered<StoredRecord>;

export interface OpenEvidenceRunOptions {
  /** Evidence folder; relative paths resolve against the working directory. */
  readonly evidenceDir: string;
  readonly runId: string;
  readonly key: SigningKey;
  /** Make the records durable before the manifest names them (default true). Off only for throw-away stores. */
  readonly durable?: boolean;
  /** Test hook, awaited after each record reached its segment file (used to interrupt a run mid-write). */
  readonly afterRecord?: (sequence: number) => Promise<void>;
  /** Test hook, awaited once every record is durable, and once the signed manifest is (before HEAD and the marker). */
  readonly afterStage?: (stage: "records-durable" | "manifest-durable") => Promise<void>;
}

export interface SealOptions {
  /** The evaluated run: its manifest fields, summary and attestations are signed with the records. */
  readonly result: AuditResult;
  readonly spec: AuditSpec;
  readonly assayVersion: string;
  /** Sign the run as explicitly partial, listing what is missing (distributed runs only). */
  readonly partial?: PartialRun | null;
}

export interface WrittenRun {
  readonly runDir: string;
  /** SHA-256 (hex) of `manifest.jws`: what the next run chains to and what reports cite. */
  readonly manifestSha256: string;
  readonly keyId: string;
  readonly recordCount: number;
}

export interface EvidenceRunWriter {
  readonly runId: string;
  readonly runDir: string;
  /** Records appended so far. */
  readonly recordCount: number;
  /** Appends one record (canonical JSON, one line) and returns its sequence number (1, 2, …). */
  append(record: NewRecord): Promise<number>;
  /** Appends the attestation records, makes everything durable, signs the manifest, moves HEAD, releases the lock. */
  seal(opts: SealOptions): Promise<WrittenRun>;
  /** Stops without signing: the run stays incomplete (it never verifies) and the lock is released. */
  abort(): Promise<void>;
}

/** Bytes gathered before one write call: large enough to amortise the system call, small enough to bound memory. */
const FLUSH_BYTES = 1 << 20;
const NEWLINE = Buffer.from("\n");

export async function openEvidenceRun(opts: OpenEvidenceRunOptions): Promise<EvidenceRunWriter> {
  const { runId, key, durable = true } = opts;
  if (!L.RUN_ID.test(runId)) throw new EvidenceError(`run id ${JSON.stringify(runId)} cannot name a folder; use letters, digits, '.', '_' and '-'`);
  const evidenceDir = resolve(opts.evidenceDir);
  await mkdir(evidenceDir, { recursive: true });
  const lock = await acquireStoreLock(evidenceDir);
  try {
    const previous = await chainTip(evidenceDir);
    await assertKeyNotRetired(evidenceDir, key.kid);
    const runDir = join(evidenceDir, runId);
    try {
      await mkdir(runDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new EvidenceError(`evidence for run ${runId} already exists in ${runDir}; a run id is written once`);
      throw err;
    }
    await writeAtomic(join(runDir, L.INCOMPLETE), `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`);
    await syncDir(evidenceDir);
    await mkdir(join(runDir, L.RECORDS_DIR));
    return new Writer(evidenceDir, runDir, runId, key, durable, previous, lock, opts);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/** An append-only file written in large chunks with synchronous calls (no thread-pool hop per record). */
class Appender {
  readonly #fd: number;
  #pending: Buffer[] = [];
  #bytes = 0;
  constructor(path: string) {
    this.#fd = openSync(path, "wx", 0o644);
  }
  push(...chunks: Buffer[]): void {
    for (const c of chunks) {
      this.#pending.push(c);
      this.#bytes += c.length;
    }
    if (this.#bytes >= FLUSH_BYTES) this.flush();
  }
  flush(): void {
    if (this.#bytes === 0) return;
    const bytes = Buffer.concat(this.#pending, this.#bytes);
    this.#pending = [];
    this.#bytes = 0;
    for (let off = 0; off < bytes.length; ) off += writeSync(this.#fd, bytes, off);
  }
  close(durable: boolean): void {
    this.flush();
    if (durable) fsyncSync(this.#fd);
    closeSync(this.#fd);
  }
}

class Writer implements EvidenceRunWriter {
  readonly #merkle = new MerkleBuilder();
  readonly #indexHash = createHash("sha256");
  readonly #index: Appender;
  #segment: Appender | null = null;
  #state: "open" | "sealing" | "closed" = "open";

  constructor(
    readonly evidenceDir: string,
    readonly runDir: string,
    readonly runId: string,
    readonly key: SigningKey,
    readonly durable: boolean,
    readonly previous: L.HeadPointer | null,
    readonly lock: { release(): Promise<void> },
    readonly hooks: Pick<OpenEvidenceRunOptions, "afterRecord" | "afterStage">,
  ) {
    this.#index = new Appender(join(runDir, L.RECORD_HASHES));
  }

  get recordCount(): number {
    return this.#merkle.count;
  }

  async append(record: NewRecord): Promise<number> {
    if (this.#state !== "open") throw new EvidenceError(`run ${this.runId} is ${this.#state === "closed" ? "closed" : "being sealed"}; no record can be added`);
    return this.#add(record);
  }

  async #add(record: NewRecord): Promise<number> {
    const sequence = this.#merkle.count + 1;
    const bytes = canonicalBytes({ ...record, runId: this.runId, sequence });
    const digest = sha256(bytes);
    const { segment, line } = L.segmentOf(sequence);
    if (line === 1) {
      this.#segment?.close(this.durable);
      this.#segment = new Appender(join(this.runDir, L.RECORDS_DIR, L.segmentFile(segment)));
    }
    this.#segment!.push(bytes, NEWLINE);
    const hexLine = Buffer.from(`${digest.toString("hex")}\n`);
    this.#index.push(hexLine);
    this.#indexHash.update(hexLine);
    this.#merkle.add(digest);
    if (this.hooks.afterRecord) {
      this.#segment!.flush();
      await this.hooks.afterRecord(sequence);
    }
    return sequence;
  }

  async seal({ result, spec, assayVersion, partial = null }: SealOptions): Promise<WrittenRun> {
    if (this.#state !== "open") throw new EvidenceError(`run ${this.runId} was already ${this.#state === "closed" ? "closed" : "sealed"}`);
    if (result.runId !== this.runId) throw new EvidenceError(`the result is for run ${result.runId}, but this writer writes run ${this.runId}`);
    this.#state = "sealing";
    try {
      const attested = await buildAttestationRecords(result, spec, this.#merkle.count + 1, readOrNull);
      await storeDocuments(this.evidenceDir, attested.documents);
      for (const r of attested.records) await this.#add(r);
      writeFileSync(join(this.runDir, L.PUBLIC_JWK), publicJwkBytes(this.key.publicJwk), { flag: "wx" });
      // One durability barrier for every record, the index and their folders, before any file
      // names them: the manifest is written only once the records are on disk.
      this.#closeFiles(this.durable);
      if (this.durable) fsyncFile(join(this.runDir, L.PUBLIC_JWK));
      await syncDir(join(this.runDir, L.RECORDS_DIR));
      await syncDir(this.runDir);
      await this.hooks.afterStage?.("records-durable");

      const manifest: RunManifest = {
        ...manifestBody(result, spec, assayVersion),
        recordCount: this.#merkle.count,
        merkleRoot: this.#merkle.root(),
        recordsIndexSha256: this.#indexHash.digest("hex"),
        previousManifestSha256: this.previous?.manifestSha256 ?? null,
        previousRunId: this.previous?.runId ?? null,
        keyId: this.key.kid,
        summary: buildSummary(result, spec),
        ...(partial ? { partial } : {}),
      };
      const payload = canonicalBytes(manifest);
      const jws = await new CompactSign(payload).setProtectedHeader({ alg: this.key.alg, kid: this.key.kid, typ: L.MANIFEST_TYP }).sign(this.key.privateKey);
      await writeAtomic(join(this.runDir, L.MANIFEST_JSON), payload);
      await writeAtomic(join(this.runDir, L.MANIFEST_JWS), jws);
      await syncDir(this.runDir);
      await this.hooks.afterStage?.("manifest-durable");

      const manifestSha256 = sha256Hex(jws);
      const head: L.HeadPointer = { runId: this.runId, manifestSha256 };
      await writeAtomic(join(this.evidenceDir, L.HEAD), `${JSON.stringify(head)}\n`);
      await unlink(join(this.runDir, L.INCOMPLETE));
      await syncDir(this.runDir);
      await syncDir(this.evidenceDir);
      return { runDir: this.runDir, manifestSha256, keyId: this.key.kid, recordCount: manifest.recordCount };
    } finally {
      this.#state = "closed";
      this.#closeFiles(false);
      await this.lock.release();
    }
  }

  async abort(): Promise<void> {
    if (this.#state !== "open") return;
    this.#state = "closed";
    this.#closeFiles(false);
    await this.lock.release();
  }

  #closed = false;
  #closeFiles(durable: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#segment?.close(durable);
    this.#index.close(durable);
  }
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
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
