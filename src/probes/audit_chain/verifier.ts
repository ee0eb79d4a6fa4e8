/**
 * @module Streaming verifier of hash-chained audit records, constant in memory: `h_i = H(payload_i)`
 * where the payload is the record's rendered fields with `h_{i-1}` placed before or after them (the
 * `ChainRules`). Two separate checks per record, so nothing goes unchecked after a gap:
 * - its **own hash**: recomputed from its content and its *stored* previous hash (the previous-hash
 *   column when the chain has one, else the predecessor's stored hash);
 * - its **linkage**: its stored previous hash equals the preceding record's stored hash.
 * Findings, each counted and sampled (first `SAMPLES` sequence numbers):
 * - modified: the own hash does not recompute;
 * - deleted: sequence gaps (each missing number counts once);
 * - inserted: a repeated sequence number, or a broken linkage while the own hash is valid and no
 *   number is missing;
 * - reordered: a record arriving after a higher sequence that fills an earlier gap;
 * - unchecked: a record right after a gap in a chain without a previous-hash column (its
 *   predecessor, whose hash is its input, is gone).
 */
import { hash } from "node:crypto";
import { AssayError } from "../../errors.js";
import {
  copyBytes,
  decodeInto,
  DIGEST_BYTES,
  normalizeHash,
  storedHashProblem,
  type Algorithm,
  type Encoding,
} from "./digests.js";

export type ChainBreak = "modified" | "deleted" | "inserted" | "reordered";
export type ChainTally = ChainBreak | "unchecked";

export interface ChainRules {
  readonly algorithm: Algorithm;
  readonly encoding: Encoding;
  /** Where `h_{i-1}` goes in the payload. */
  readonly previous: "prefix" | "suffix" | "none";
  /** Bytes between `h_{i-1}` and the fields (the separator, or nothing). */
  readonly joiner: string;
  /** `text`: `h_{i-1}` as stored; `raw`: its decoded digest bytes. */
  readonly previousForm: "text" | "raw";
  /** `h_0` as the chain stores hashes. */
  readonly genesis: string;
  /** Whether records carry their stored previous hash (own hash and linkage then checked apart). */
  readonly storedPrevious: boolean;
  /** `genesis`: the first record links to `genesis`; `first-row`: trust the first record's link (chain pruned by retention). */
  readonly anchor: "genesis" | "first-row";
  /** Expected sequence of the first record when anchored at genesis (default 1). */
  readonly firstSequence?: number;
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
  readonly unchecked: number;
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
  /** The first sequence numbers of each kind (inserted ones with what was seen). */
  readonly samples: Readonly<Record<ChainTally, readonly string[]>>;
}

export class HashChainInputError extends AssayError {
  override readonly name = "HashChainInputError";
}

export const SAMPLES = 10;

/** Push records one by one, then read `report()`. */
export class HashChainVerifier {
  readonly #rules: ChainRules;
  readonly #firstSeq: number;
  readonly #maxGaps: number;
  readonly #joiner: Buffer;
  readonly #raw: boolean;
  /** The digest input, reused. */
  #buf = Buffer.allocUnsafe(4096);
  /** A stored previous hash, decoded (raw form). */
  readonly #scratch: Buffer;
  /** Stored hash of the last accepted record: verbatim, and decoded (raw form without a previous-hash column). */
  #prevHash: string;
  readonly #prevRaw: Buffer;
  #prevRawLen: number;
  #formChecked = false;
  #prevSeq: number | null = null;
  readonly #gaps = new Set<number>();
  #r = { records: 0, verified: 0, modified: 0, deleted: 0, inserted: 0, reordered: 0, unchecked: 0 };
  readonly #samples: Record<ChainTally, string[]> = {
    modified: [],
    deleted: [],
    inserted: [],
    reordered: [],
    unchecked: [],
  };
  #first: number | null = null;
  #broken: HashChainReport["firstBrokenLink"] = null;

  constructor(rules: ChainRules) {
    this.#rules = rules;
    this.#firstSeq = rules.firstSequence ?? 1;
    this.#maxGaps = rules.maxTrackedGaps ?? 100_000;
    this.#joiner = Buffer.from(rules.previous === "none" ? "" : rules.joiner, "utf8");
    this.#raw = rules.previous !== "none" && rules.previousForm === "raw";
    const n = DIGEST_BYTES[rules.algorithm];
    this.#scratch = Buffer.alloc(n);
    this.#prevRaw = Buffer.alloc(n);
    this.#prevHash = rules.genesis;
    this.#prevRawLen = this.#genesisBytes(this.#prevRaw);
  }

  /**
   * One record: sequence, stored hash, stored previous hash (`undefined` when the chain has no such
   * column, `null` for SQL NULL: the genesis) and the rendered fields, as text or as `src[start, end)`.
   */
  push(
    sequence: number,
    stored: string,
    storedPrev: string | null | undefined,
    body: string | Buffer,
    start = 0,
    end = body.length,
  ): void {
    if (!Number.isSafeInteger(sequence))
      throw new HashChainInputError(`record ${this.#r.records + 1}: sequence "${sequence}" is not an integer`);
    if (!this.#formChecked) this.#checkForm(sequence, stored);
    this.#r.records++;
    const first = this.#first === null;
    if (first) this.#first = sequence;
    const trusted = first && this.#rules.anchor === "first-row";
    const expectedSeq = this.#prevSeq === null ? this.#firstSeq : this.#prevSeq + 1;
    if (!trusted && sequence < expectedSeq) return this.#outOfOrder(sequence, stored);
    const gap = !trusted && sequence > expectedSeq;
    if (gap) this.#gap(expectedSeq, sequence, stored);
    const hasPrev = storedPrev !== undefined;
    if (!hasPrev && (gap || trusted)) {
      // The input of this record's hash was its predecessor's hash, which is gone (or trusted as the anchor).
      if (gap) this.#tally("unchecked", String(sequence));
    } else {
      const ownPrev = hasPrev ? (storedPrev ?? this.#rules.genesis) : this.#prevHash;
      const computed = this.#digest(this.#payload(ownPrev, !hasPrev, body, start, end));
      const linked = !hasPrev || gap || trusted || this.#sameHash(ownPrev, this.#prevHash);
      if (!this.#sameHash(computed, stored)) this.#break("modified", sequence, String(sequence), computed, stored);
      else if (!linked)
        this.#break(
          "inserted",
          sequence,
          `${sequence} (its stored previous hash is not ${this.#prevSeq === null ? "the genesis" : `the hash of ${this.#prevSeq}`})`,
          this.#prevHash,
          ownPrev,
        );
      else this.#r.verified++;
    }
    this.#prevSeq = sequence;
    this.#prevHash = stored;
    if (this.#raw && !hasPrev) this.#prevRawLen = Math.max(0, decodeInto(stored, this.#rules.encoding, this.#prevRaw));
  }

  /** Before a higher number came, a lower one: it fills a remembered gap (reordered) or repeats a number (inserted). */
  #outOfOrder(sequence: number, stored: string): void {
    if (this.#gaps.delete(sequence)) {
      this.#r.deleted--;
      const i = this.#samples.deleted.indexOf(String(sequence));
      if (i >= 0) this.#samples.deleted.splice(i, 1);
      this.#break("reordered", sequence, String(sequence), null, stored);
    } else this.#break("inserted", sequence, `${sequence} (sequence number repeated)`, null, stored);
  }

  #gap(expectedSeq: number, sequence: number, stored: string): void {
    this.#r.deleted += sequence - expectedSeq;
    for (let s = expectedSeq; s < sequence; s++) {
      if (this.#gaps.size >= this.#maxGaps && this.#samples.deleted.length >= SAMPLES) break;
      if (this.#gaps.size < this.#maxGaps) this.#gaps.add(s);
      if (this.#samples.deleted.length < SAMPLES) this.#samples.deleted.push(String(s));
    }
    this.#broken ??= { sequence: expectedSeq, kind: "deleted", expected: null, found: stored };
  }

  /** The digest of `payload` as the chain stores hashes (hex text straight from OpenSSL: no Buffer per row). */
  #digest(payload: Buffer): string {
    const e = this.#rules.encoding;
    const text = hash(this.#rules.algorithm, payload, e === "base64" ? "base64" : "hex");
    return e === "bytea" ? "\\x" + text : text;
  }

  #sameHash(a: string, b: string): boolean {
    return a === b || normalizeHash(a, this.#rules.encoding) === normalizeHash(b, this.#rules.encoding);
  }

  report(): HashChainReport {
    const { records, verified, modified, deleted, inserted, reordered, unchecked } = this.#r;
    return {
      records,
      verified,
      modified,
      deleted,
      inserted,
      reordered,
      unchecked,
      firstSequence: this.#first,
      lastSequence: this.#prevSeq,
      headHash: this.#prevSeq === null ? null : this.#prevHash,
      firstBrokenLink: this.#broken,
      samples: this.#samples,
    };
  }

  /** `h_{i-1}` and the body laid out in the reusable buffer; the digest input. */
  #payload(prev: string, accepted: boolean, body: string | Buffer, start: number, end: number): Buffer {
    const r = this.#rules;
    const bodyMax = typeof body === "string" ? 3 * body.length : end - start;
    const need = bodyMax + this.#joiner.length + Math.max(3 * prev.length, this.#scratch.length);
    if (need > this.#buf.length) this.#buf = Buffer.allocUnsafe(Math.max(need, this.#buf.length * 2));
    const b = this.#buf;
    let at = 0;
    if (r.previous === "prefix") {
      at += this.#layPrevious(b, at, prev, accepted);
      at += copyBytes(this.#joiner, 0, this.#joiner.length, b, at);
    }
    at += typeof body === "string" ? b.write(body, at, "utf8") : body.copy(b, at, start, end);
    if (r.previous === "suffix") {
      at += copyBytes(this.#joiner, 0, this.#joiner.length, b, at);
      at += this.#layPrevious(b, at, prev, accepted);
    }
    return b.subarray(0, at);
  }

  /** Write `h_{i-1}` at `at`: as text, or its digest bytes (kept from the accepted record, or decoded). */
  #layPrevious(b: Buffer, at: number, prev: string, accepted: boolean): number {
    if (!this.#raw) return b.write(prev, at, "utf8");
    if (accepted) return this.#prevRaw.copy(b, at, 0, this.#prevRawLen);
    if (prev === this.#rules.genesis) return this.#scratch.copy(b, at, 0, this.#genesisBytes(this.#scratch));
    const n = decodeInto(prev, this.#rules.encoding, this.#scratch);
    if (n < 0) throw new HashChainInputError(`a stored previous hash is not a ${this.#rules.encoding} digest`);
    return this.#scratch.copy(b, at, 0, n);
  }

  /** The genesis as digest bytes (raw form): none for "", else decoded. */
  #genesisBytes(into: Buffer): number {
    if (!this.#raw || this.#rules.genesis === "") return 0;
    const n = decodeInto(this.#rules.genesis, this.#rules.encoding, into);
    if (n < 0) throw new HashChainInputError(`the genesis is not a ${this.#rules.encoding} digest`);
    return n;
  }

  /** The first stored hash not a digest of the declared algorithm and encoding means the recipe is misdeclared (later ones are modified records). */
  #checkForm(sequence: number, stored: string): void {
    this.#formChecked = true;
    const problem = storedHashProblem(stored, this.#rules.algorithm, this.#rules.encoding);
    if (problem) throw new HashChainInputError(`record with sequence ${sequence}: stored hash is not ${problem}`);
  }

  #tally(kind: ChainTally, sample: string): void {
    this.#r[kind]++;
    if (this.#samples[kind].length < SAMPLES) this.#samples[kind].push(sample);
  }

  #break(kind: ChainBreak, sequence: number, sample: string, expected: string | null, found: string): void {
    this.#tally(kind, sample);
    this.#broken ??= { sequence, kind, expected, found };
  }
}
