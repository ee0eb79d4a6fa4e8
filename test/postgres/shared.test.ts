/** Dialect-neutral logic shared with Oracle: hash-chain verifier (stream and JSON Lines), role matrix, retention. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createHash } from "node:crypto";
import { canonicalText } from "../../src/probes/audit_chain/canonical.js";
import { decodeCopyField } from "../../src/targets/sql/copy-lines.js";
import { readJsonLines } from "../../src/probes/audit_chain/jsonl.js";
import { compileRecipe } from "../../src/probes/audit_chain/recipe.js";
import { verifyLinks, type ChainLink } from "../../src/probes/audit_chain/sources.js";
import { compareRoleMatrix, parseRoleMatrix, RoleMatrixError } from "../../src/probes/shared/role-matrix.js";
import { parseDatasets, retentionCutoff, retentionRange, retentionSql } from "../../src/probes/shared/retention.js";
import { qualifiedName, SqlIdentifierError } from "../../src/targets/sql/sql.js";

type Rec = { seq: number; actor: string; action: string; hash: string };

/** The built-in form, written here with node:crypto: SHA-256 over the previous hash's 32 bytes and the COPY text. */
const chainHash = (prevHex: string, canonical: string) =>
  createHash("sha256").update(Buffer.from(prevHex, "hex")).update(canonical, "utf8").digest("hex");
const builtIn = (anchor: "genesis" | "first-row" = "genesis") =>
  compileRecipe({ sequence_column: "seq", hash_column: "hash", columns: ["seq", "actor", "action"], anchor });
const verifyHashChain = (links: Iterable<ChainLink> | AsyncIterable<ChainLink>, o: { anchor?: "first-row" } = {}) =>
  verifyLinks(links, builtIn(o.anchor));

function chain(n: number): Rec[] {
  let prev = "0".repeat(64);
  const out: Rec[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const r = { seq, actor: `u${seq}`, action: seq === 3 ? "tab\there\nnewline" : "read" };
    prev = chainHash(prev, canonicalText([String(seq), r.actor, r.action]));
    out.push({ ...r, hash: prev });
  }
  return out;
}
const links = (recs: readonly Rec[]): ChainLink[] =>
  recs.map((r) => ({
    sequence: r.seq,
    hash: r.hash,
    prev: undefined,
    body: canonicalText([String(r.seq), r.actor, r.action]),
  }));

describe("hash-chain verifier", () => {
  it("verifies an intact chain and reports its head", async () => {
    const recs = chain(10);
    const r = await verifyHashChain(links(recs));
    assert.equal(r.verified, 10);
    assert.equal(r.firstBrokenLink, null);
    assert.equal(r.headHash, recs[9]!.hash);
  });

  it("counts a modified record and names the first broken link", async () => {
    const recs = chain(10);
    recs[4] = { ...recs[4]!, action: "forged" };
    const r = await verifyHashChain(links(recs));
    assert.deepEqual([r.modified, r.deleted, r.inserted, r.reordered], [1, 0, 0, 0]);
    assert.equal(r.firstBrokenLink?.sequence, 5);
    assert.equal(r.firstBrokenLink?.kind, "modified");
  });

  it("counts deleted records from sequence gaps", async () => {
    const recs = chain(10).filter((r) => r.seq !== 4 && r.seq !== 5);
    const r = await verifyHashChain(links(recs));
    assert.deepEqual([r.modified, r.deleted, r.inserted, r.reordered], [0, 2, 0, 0]);
    assert.equal(r.firstBrokenLink?.kind, "deleted");
  });

  it("counts an inserted duplicate and a reordered record", async () => {
    const recs = chain(10);
    const dup = { ...recs[2]!, actor: "intruder" };
    const reordered = [recs[0]!, recs[1]!, recs[3]!, recs[2]!, recs[4]!, dup, ...recs.slice(5)];
    const r = await verifyHashChain(links(reordered));
    assert.equal(r.reordered, 1);
    assert.equal(r.inserted, 1);
    assert.equal(r.deleted, 0);
  });

  it("accepts a chain pruned by retention when anchored at its first row", async () => {
    const pruned = links(chain(10).slice(4));
    assert.equal((await verifyHashChain(pruned, { anchor: "first-row" })).verified, 5);
    const strict = await verifyHashChain(pruned);
    assert.equal(strict.deleted, 4);
    assert.equal(strict.firstBrokenLink?.sequence, 1);
  });

  it("rejects a stored hash that is not 64 hex characters, naming the record", async () => {
    await assert.rejects(
      verifyHashChain([{ sequence: 1, hash: "zz", prev: undefined, body: "x" }]),
      /sequence 1: stored hash is not 64 hexadecimal/,
    );
  });

  it("reads a JSON Lines audit file in the same canonical form", async () => {
    const dir = await mkdtemp(join(tmpdir(), "assay-jsonl-"));
    try {
      const path = join(dir, "audit.jsonl");
      const recs = chain(5);
      await writeFile(path, recs.map((r) => JSON.stringify(r)).join("\n") + "\n");
      const layout = { sequenceField: "seq", hashField: "hash", prevField: undefined, recipe: builtIn() };
      assert.equal((await verifyHashChain(readJsonLines(path, layout))).verified, 5);
      await writeFile(path, "{not json}\n");
      await assert.rejects(verifyHashChain(readJsonLines(path, layout)), /line 1 is not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("escapes text exactly like PostgreSQL COPY and decodes it back", () => {
    assert.equal(canonicalText(["a\tb", null, "c\\d\n"]), "a\\tb\t\\N\tc\\\\d\\n");
    assert.equal(decodeCopyField("c\\\\d\\n"), "c\\d\n");
  });
});

describe("role matrix", () => {
  const matrix = parseRoleMatrix(`
schemas: [staging]
roles:
  analyst:
    - { schema: staging, tables: "*", privileges: [select] }
  loader:
    - { schema: staging, tables: [raw], privileges: [INSERT], optional: true }
`);
  const tables = [
    { schema: "staging", table: "raw" },
    { schema: "staging", table: "clean" },
  ];

  it("reports grants beyond the matrix and declared grants that are missing", () => {
    const diff = compareRoleMatrix(
      matrix,
      [
        { grantee: "analyst", schema: "staging", table: "raw", privilege: "SELECT" },
        { grantee: "analyst", schema: "staging", table: "raw", privilege: "DELETE" },
        { grantee: "stranger", schema: "staging", table: "clean", privilege: "SELECT" },
        { grantee: "stranger", schema: "other", table: "x", privilege: "SELECT" },
      ],
      tables,
    );
    assert.deepEqual(
      diff.excess.map((g) => `${g.grantee}:${g.privilege}`),
      ["analyst:DELETE", "stranger:SELECT"],
    );
    assert.deepEqual(
      diff.missing.map((g) => `${g.grantee}:${g.table}:${g.privilege}`),
      ["analyst:clean:SELECT"],
    );
  });

  it("rejects a malformed matrix with every problem named", () => {
    assert.throws(
      () => parseRoleMatrix({ schemas: ["s"], roles: { a: [{ schema: "t", privileges: "SELECT", extra: 1 }] } }),
      (e: unknown) =>
        e instanceof RoleMatrixError &&
        /unknown key\(s\) extra/.test(e.message) &&
        /not listed in schemas/.test(e.message) &&
        /privileges must be a list/.test(e.message),
    );
  });
});

describe("retention", () => {
  it("computes the cutoff from retention and grace", () => {
    const [d] = parseDatasets([{ table: "s.t", timestamp_column: "at", retention_days: 30 }]);
    assert.equal(retentionCutoff(new Date("2026-03-01T00:00:00Z"), d!, 7).toISOString(), "2026-01-23T00:00:00.000Z");
  });

  it("judges a retention range and builds per-dialect SQL", () => {
    assert.equal(retentionRange(100, 180, 365), "below_min");
    assert.equal(retentionRange(400, 180, 365), "above_max");
    assert.equal(retentionRange(365, 180, 365), "within");
    const [d] = parseDatasets([{ table: "hr.people", timestamp_column: "left_at", retention_days: 1 }]);
    assert.match(retentionSql({ dialect: "oracle" }, d!), /FROM "HR"\."PEOPLE"/);
    assert.match(retentionSql({ dialect: "postgres" }, d!), /"left_at" < \$1/);
  });

  it("refuses identifiers that are not plain names", () => {
    assert.throws(() => qualifiedName("postgres", "x; DROP TABLE y"), SqlIdentifierError);
    assert.throws(() => parseDatasets([{ table: "t" }]), /needs table and timestamp_column/);
  });
});
