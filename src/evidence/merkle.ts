/**
 * @module RFC 6962 (Certificate Transparency) Merkle tree over the record hashes, with inclusion
 * proofs. Leaf = SHA-256(0x00 ‖ record SHA-256), node = SHA-256(0x01 ‖ left ‖ right); a tree of n
 * leaves splits at the largest power of two below n. The empty tree's root is SHA-256("").
 */
import { createHash, hash } from "node:crypto";

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

// One-shot `crypto.hash` over the concatenated bytes: no Hash object per node (two per record).
export function leafHash(recordSha256: Uint8Array): Buffer {
  return hash("sha256", Buffer.concat([LEAF, recordSha256]), "buffer");
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return hash("sha256", Buffer.concat([NODE, left, right]), "buffer");
}

/** Largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Root (MTH) over leaf hashes, bottom-up; equal to the RFC's recursive definition. */
function rootOfLeaves(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash("sha256").digest();
  let level: Buffer[] = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    // Pairing left to right and promoting an odd last node gives the same tree as splitting at the
    // largest power of two (RFC 6962 §2.1), without recursion.
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

/** Merkle root (hex) over record SHA-256 digests in sequence order. */
export function merkleRoot(recordHashes: readonly Uint8Array[]): string {
  return rootOfLeaves(recordHashes.map(leafHash)).toString("hex");
}

/**
 * The same root built while records arrive, in O(log n) memory: a stack of the roots of perfect
 * subtrees (sizes are the binary digits of the count), merged from the right at the end, which is
 * RFC 6962's split at the largest power of two.
 */
export class MerkleBuilder {
  readonly #stack: { size: number; hash: Buffer }[] = [];
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(recordSha256: Uint8Array): void {
    let node = { size: 1, hash: leafHash(recordSha256) };
    for (let top = this.#stack.at(-1); top !== undefined && top.size === node.size; top = this.#stack.at(-1)) {
      this.#stack.pop();
      node = { size: top.size * 2, hash: nodeHash(top.hash, node.hash) };
    }
    this.#stack.push(node);
    this.#count++;
  }

  /** Root (hex) of the records added so far. */
  root(): string {
    if (this.#stack.length === 0) return createHash("sha256").digest("hex");
    let r = this.#stack[this.#stack.length - 1]!.hash;
    for (let i = this.#stack.length - 2; i >= 0; i--) r = nodeHash(this.#stack[i]!.hash, r);
    return r.toString("hex");
  }
}

/** Inclusion proof (audit path, RFC 6962 §2.1.1) for leaf `index` (0-based), as hex node hashes. */
export function inclusionProof(index: number, recordHashes: readonly Uint8Array[]): string[] {
  if (index < 0 || index >= recordHashes.length) throw new RangeError(`leaf ${index} outside tree of ${recordHashes.length}`);
  return path(index, recordHashes.map(leafHash)).map((b) => b.toString("hex"));
}

function path(m: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...path(m, leaves.slice(0, k)), rootOfLeaves(leaves.slice(k))]
    : [...path(m - k, leaves.slice(k)), rootOfLeaves(leaves.slice(0, k))];
}

/** Verifies an inclusion proof (RFC 9162 §2.1.3.2); true when it leads to `rootHex`. */
export function verifyInclusion(recordSha256: Uint8Array, index: number, treeSize: number, proof: readonly string[], rootHex: string): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash(recordSha256);
  for (const hex of proof) {
    if (!/^[0-9a-f]{64}$/.test(hex)) return false;
    const p = Buffer.from(hex, "hex");
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.toString("hex") === rootHex;
}
