/**
 * @module Streaming verifier of hash-chained audit records: `h_i = SHA-256(h_{i-1} ‖ canonical(record_i))`.
 * Dialect-neutral and constant in memory: PostgreSQL feeds it from a `COPY … TO STDOUT` stream,
 * Oracle from a cursor, files through `readJsonLines`. Each record is checked against the *stored*
 * hash of its predecessor, so one tampered record breaks one link and the counts localise damage:
 * - modified: contiguous sequence, but the link does not recompute;
 * - deleted: sequence gaps (each missing number counts once);
 * - inserted: a sequence number seen before that is not filling a gap;
 * - reordered: a record arriving after a higher sequence, filling an earlier gap (only visible
 *   when the source is read in stored order, e.g. a JSON Lines file).
 * `‖` joins the 32 raw bytes of `h_{i-1}` (or its 64 hex characters with `chainInput: "hex"`) and
 * the UTF-8 bytes of the canonical record; `h_0` is the genesis hash (64 zeros by default).
 */
import { AssayError } from "../../errors.js";
import { hash } from "node:crypto";

export type ChainBreak = "modified" | "deleted" | "inserted" | "reordered";

export interface HashChainOptions {
  /** `genesis`: the first record links to `genesisHash`; `first-row`: trust the first record's stored hash (chain pruned by retention). */
  readonly anchor?: "genesis" | "first-row";
  readonly genesisHash?: string;
  /** Expected sequence of the first record when anchored at genesis (default 1). */
  readonly firstSequence?: number;
  readonly chainInput?: "raw" | "hex";
  /** Gaps remembered to recognise reordered records later; bounds memory (default 100,000). */
  readonly maxTrackedGaps?: number;
}

export interface HashChainReport {
  readonly records: number;
  readonly verified: number;
  readonly modified: number;
  readonly deleted: number;
  readonly inserted: number;
  readonly reordered: number;
  readonly firstSequence: number | null;
  readonly lastSequence: number | null;
  /** Stored hash of the last record: the head an external anchor should match. */
  readonly headHash: string | null;
  readonly firstBrokenLink: {
    readonly sequence: number;
    readonly kind: ChainBreak;
    readonly expected: string | null;
    readonly found: string;
  } | null;
}

export class HashChainInputError extends AssayError {
  override readonly name = "HashChainInputError";
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Push records one by one (hot path: no allocation beyond the digest), then read `report()`. */
export class HashChainVerifier {
  readonly #opts: Required<HashChainOptions>;
  /** `h_{i-1}` (raw or hex) followed by the canonical record: the digest input. */
  #buf = Buffer.allocUnsafe(4096);
  #prevLen = 0;
  /** Stored hash of the current record, decoded. */
  readonly #stored = Buffer.alloc(32);
  /** Stored hash of the last accepted record (the head). */
  readonly #headBuf = Buffer.alloc(32);
  #hasHead = false;
  #prevSeq: number | null = null;
  readonly #gaps = new Set<number>();
  #r = { records: 0, verified: 0, modified: 0, deleted: 0, inserted: 0, reordered: 0 };
  #first: number | null = null;
  #broken: HashChainReport["firstBrokenLink"] = null;

  constructor(options: HashChainOptions = {}) {
    this.#opts = {
      anchor: options.anchor ?? "genesis",
      genesisHash: (options.genesisHash ?? "0".repeat(64)).toLowerCase(),
      firstSequence: options.firstSequence ?? 1,
      chainInput: options.chainInput ?? "raw",
      maxTrackedGaps: options.maxTrackedGaps ?? 100_000,
    };
    if (!HEX64.test(this.#opts.genesisHash))
      throw new HashChainInputError("genesis hash must be 64 hexadecimal characters");
    this.#stored.write(this.#opts.genesisHash, 0, "hex");
    this.#setPrev();
  }

  /** One record: its sequence number, its stored hash (hex) and its canonical bytes. */
  push(sequence: number, storedHash: string, canonical: Uint8Array | string): void {
    const n = typeof canonical === "string" ? Buffer.byteLength(canonical) : canonical.length;
    this.#reserve(n);
    if (typeof canonical === "string") this.#buf.write(canonical, this.#prevLen, "utf8");
    else this.#buf.set(canonical, this.#prevLen);
    const ok = storedHash.length === 64 && this.#stored.write(storedHash, 0, "hex") === 32;
    this.#step(sequence, n, ok, () => storedHash);
  }

  /**
   * The same from one raw buffer without allocating (the COPY fast path): the stored hash is the
   * hex text at `src[hashStart, hashEnd)`, the canonical record `src[recStart, recEnd)`.
   */
  pushBytes(sequence: number, src: Buffer, hashStart: number, hashEnd: number, recStart: number, recEnd: number): void {
    const n = recEnd - recStart;
    this.#reserve(n);
    src.copy(this.#buf, this.#prevLen, recStart, recEnd);
    let ok = hashEnd - hashStart === 64;
    for (let i = 0; ok && i < 32; i++) {
      const hi = nibble(src[hashStart + 2 * i] ?? 0);
      const lo = nibble(src[hashStart + 2 * i + 1] ?? 0);
      if (hi < 0 || lo < 0) ok = false;
      else this.#stored[i] = (hi << 4) | lo;
    }
    this.#step(sequence, n, ok, () => src.toString("latin1", hashStart, hashEnd));
  }

  report(): HashChainReport {
    return {
      ...this.#r,
      firstSequence: this.#first,
      lastSequence: this.#prevSeq,
      headHash: this.#hasHead ? this.#headBuf.toString("hex") : null,
      firstBrokenLink: this.#broken,
    };
  }

  /** Judge one record whose canonical bytes sit after `h_{i-1}` in `#buf` and whose stored hash is in `#stored`. */
  #step(sequence: number, n: number, validHash: boolean, storedText: () => string): void {
    if (!Number.isSafeInteger(sequence))
      throw new HashChainInputError(`record ${this.#r.records + 1}: sequence "${sequence}" is not an integer`);
    if (!validHash)
      throw new HashChainInputError(`record with sequence ${sequence}: stored hash is not 64 hexadecimal characters`);
    this.#r.records++;
    if (this.#first === null) {
      this.#first = sequence;
      if (this.#opts.anchor === "first-row") return this.#accept(sequence);
    }
    const expectedSeq = this.#prevSeq === null ? this.#opts.firstSequence : this.#prevSeq + 1;
    if (sequence < expectedSeq) {
      // Out of order: fills a remembered gap (reordered) or repeats a number (inserted).
      if (this.#gaps.delete(sequence)) {
        this.#r.deleted--;
        this.#break("reordered", sequence, null, storedText);
      } else this.#break("inserted", sequence, null, storedText);
      return;
    }
    const computed = hash("sha256", this.#buf.subarray(0, this.#prevLen + n), "buffer");
    if (sequence > expectedSeq) {
      for (let s = expectedSeq; s < sequence; s++) if (this.#gaps.size < this.#opts.maxTrackedGaps) this.#gaps.add(s);
      this.#r.deleted += sequence - expectedSeq;
      this.#break("deleted", expectedSeq, computed, storedText);
    } else if (computed.equals(this.#stored)) this.#r.verified++;
    else this.#break("modified", sequence, computed, storedText);
    this.#accept(sequence);
  }

  #accept(sequence: number): void {
    this.#prevSeq = sequence;
    this.#stored.copy(this.#headBuf);
    this.#hasHead = true;
    this.#setPrev();
  }

  /** `h_{i-1}` := the stored hash just accepted, as raw bytes or hex text. */
  #setPrev(): void {
    if (this.#opts.chainInput === "raw") {
      this.#stored.copy(this.#buf, 0);
      this.#prevLen = 32;
    } else this.#prevLen = this.#buf.write(this.#stored.toString("hex"), 0, "latin1");
  }

  #break(kind: ChainBreak, sequence: number, computed: Buffer | null, found: () => string): void {
    if (kind !== "deleted") this.#r[kind]++;
    this.#broken ??= {
      sequence,
      kind,
      expected: computed ? computed.toString("hex") : null,
      found: found().toLowerCase(),
    };
  }

  #reserve(n: number): void {
    if (this.#prevLen + n <= this.#buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#prevLen + n));
    this.#buf.copy(bigger, 0, 0, this.#prevLen);
    this.#buf = bigger;
  }
}

/** Value of one ASCII hex digit, or -1. */
function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** A record as a source yields it: the verifier needs nothing else. */
export interface ChainLink {
  readonly sequence: number;
  readonly hash: string;
  readonly canonical: Uint8Array | string;
}

/** Verify a whole stream of records (or batches of records) in constant memory. */
export async function verifyHashChain(
  links: AsyncIterable<ChainLink | readonly ChainLink[]> | Iterable<ChainLink>,
  options: HashChainOptions = {},
  signal?: AbortSignal,
): Promise<HashChainReport> {
  const v = new HashChainVerifier(options);
  for await (const item of links) {
    signal?.throwIfAborted();
    if (Array.isArray(item)) for (const l of item as readonly ChainLink[]) v.push(l.sequence, l.hash, l.canonical);
    else {
      const l = item as ChainLink;
      v.push(l.sequence, l.hash, l.canonical);
    }
  }
  return v.report();
}

/** `SHA-256(prev ‖ canonical)` as hex: what a writer stores, for fixtures and for producers of audit files. */
export function chainHash(previousHex: string, canonical: string, chainInput: "raw" | "hex" = "raw"): string {
  const prev = chainInput === "raw" ? Buffer.from(previousHex, "hex") : Buffer.from(previousHex, "latin1");
  return hash("sha256", Buffer.concat([prev, Buffer.from(canonical, "utf8")]), "hex");
}
