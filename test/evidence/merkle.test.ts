/** @module The Merkle tree follows RFC 6962: domain-separated hashes, split at the largest power of two, inclusion proofs. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { inclusionProof, MerkleBuilder, merkleRoot, verifyInclusion } from "../../src/evidence/merkle.js";

const h = (...parts: Uint8Array[]) => { const x = createHash("sha256"); for (const p of parts) x.update(p); return x.digest(); };

/** MTH straight from RFC 6962 §2.1, recursive, as an independent reference. */
function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return h();
  if (leaves.length === 1) return h(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return h(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const digests = (n: number) => Array.from({ length: n }, (_, i) => h(Buffer.from(`record ${i}`)));

describe("merkle", () => {
  it("matches the RFC 6962 definition for trees of 0 to 33 leaves", () => {
    for (let n = 0; n <= 33; n++) assert.equal(merkleRoot(digests(n)), mth(digests(n)).toString("hex"), `n=${n}`);
  });

  it("builds the same root while leaves arrive, for every count from 0 to 70", () => {
    const b = new MerkleBuilder();
    const all = digests(70);
    for (let n = 0; n <= 70; n++) {
      assert.equal(b.root(), mth(all.slice(0, n)).toString("hex"), `n=${n}`);
      if (n < 70) b.add(all[n]!);
    }
    assert.equal(b.count, 70);
  });

  it("has the RFC's empty-tree root, SHA-256 of nothing", () => {
    assert.equal(merkleRoot([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("proves every leaf of every tree up to 20 leaves", () => {
    for (let n = 1; n <= 20; n++) {
      const d = digests(n);
      const root = merkleRoot(d);
      for (let i = 0; i < n; i++) assert.ok(verifyInclusion(d[i]!, i, n, inclusionProof(i, d), root), `leaf ${i} of ${n}`);
    }
  });

  it("rejects a proof for another leaf, another position, a changed or shortened path, or a position outside the tree", () => {
    const d = digests(11);
    const root = merkleRoot(d);
    const proof = inclusionProof(5, d);
    assert.equal(verifyInclusion(d[4]!, 5, 11, proof, root), false);
    assert.equal(verifyInclusion(d[5]!, 4, 11, proof, root), false);
    assert.equal(verifyInclusion(d[5]!, 11, 11, proof, root), false);
    assert.equal(verifyInclusion(d[5]!, 5, 11, [...proof.slice(0, -1), "00".repeat(32)], root), false);
    assert.equal(verifyInclusion(d[5]!, 5, 11, proof.slice(1), root), false);
  });

  it("separates leaves from nodes, so an inner node cannot pass for a record", () => {
    const d = digests(2);
    // Without domain separation, H(l0‖l1) presented as a single leaf would give the same root.
    assert.notEqual(merkleRoot([h(d[0]!, d[1]!)]), merkleRoot(d));
  });
});
