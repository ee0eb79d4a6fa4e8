/**
 * @module Write a hash-chained audit table (`seq, ts, actor, action, hash`) for tests, benches and the
 * demo, computing `h_i = SHA-256(h_{i-1} ‖ canonicalText([seq, ts, actor, action]))` exactly as the
 * `audit_chain` probe recomputes it, and loading the rows with `COPY … FROM STDIN`; and the findings
 * expected from chains that other programs wrote, after each kind of tampering.
 */
import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import assert from "node:assert/strict";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { canonicalText } from "../../src/probes/audit_chain/canonical.js";

export const CHAIN_COLUMNS = ["seq", "ts", "actor", "action"] as const;

/** `2026-01-01 00:00:00+00`: how PostgreSQL prints a whole-second timestamptz in UTC. */
export function pgTimestamp(d: Date): string {
  return d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "+00");
}

/** Rows of a valid chain, generated lazily (constant memory), as COPY text lines. */
export function* chainLines(count: number, start = new Date(Date.UTC(2026, 0, 1))): Generator<string> {
  let prev = Buffer.alloc(32);
  for (let seq = 1; seq <= count; seq++) {
    const record = [
      String(seq),
      pgTimestamp(new Date(start.getTime() + seq * 1000)),
      `user${seq % 97}`,
      seq % 5 === 0 ? "delete customer" : "update customer",
    ];
    const canonical = canonicalText(record);
    prev = createHash("sha256").update(prev).update(canonical, "utf8").digest();
    yield `${canonical}\t${prev.toString("hex")}\n`;
  }
}

/**
 * The application-style chain of the bench: `row_hash = hex(SHA-256(seq|ts|actor|action|amount|ok|prev_hash))`
 * with ts as ISO 8601 UTC with microseconds, booleans `true`/`false`, the previous hash stored beside it
 * (NULL first, hashed as ""). `RECIPE_CHAIN` declares it to the probe.
 */
export const RECIPE_CHAIN = {
  sequence_column: "seq",
  hash_column: "row_hash",
  prev_hash_column: "prev_hash",
  columns: [
    "seq",
    { column: "ts", as: "timestamp" },
    "actor",
    "action",
    { column: "amount", as: "number" },
    { column: "ok", as: "boolean" },
  ],
  recipe: { separator: "|", previous: "suffix", timestamps: "iso", fraction_digits: 6 },
} as const;

const RECIPE_DDL =
  "seq bigint PRIMARY KEY, ts timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL, amount numeric(12,2), ok boolean NOT NULL, prev_hash text, row_hash text NOT NULL";

/** Rows of `RECIPE_CHAIN`, lazily, as COPY text lines (`\N` for the first previous hash). */
export function* recipeChainLines(count: number): Generator<string> {
  const start = Date.UTC(2026, 0, 1);
  let prev = "";
  for (let seq = 1; seq <= count; seq++) {
    const micros = (seq * 123) % 1_000_000;
    const d = new Date(start + seq * 1000);
    const iso = d.toISOString().slice(0, 19);
    const frac = String(micros).padStart(6, "0");
    const amount = seq % 7 === 0 ? "" : `${seq % 1000}.${String(seq % 100).padStart(2, "0")}`;
    const ok = seq % 3 !== 0;
    const actor = `user${seq % 97}`;
    const action = seq % 5 === 0 ? "delete customer" : "update customer";
    const payload = `${seq}|${iso}.${frac}Z|${actor}|${action}|${amount}|${ok}|${prev}`;
    const hash = createHash("sha256").update(payload, "utf8").digest("hex");
    const pgTs = `${iso.replace("T", " ")}.${frac}+00`;
    yield `${seq}\t${pgTs}\t${actor}\t${action}\t${amount || "\\N"}\t${ok ? "t" : "f"}\t${prev || "\\N"}\t${hash}\n`;
    prev = hash;
  }
}

/** Create `table (seq bigint primary key, ts timestamptz, actor text, action text, hash char(64))` and fill it. */
export async function writeAuditChain(client: pg.Client, table: string, count: number): Promise<void> {
  await client.query(
    `CREATE TABLE ${table} (seq bigint PRIMARY KEY, ts timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL, hash char(64) NOT NULL)`,
  );
  await copyLines(client, table, "seq, ts, actor, action, hash", chainLines(count));
}

/** Create the table of `RECIPE_CHAIN` and fill it with `count` rows. */
export async function writeRecipeChain(client: pg.Client, table: string, count: number): Promise<void> {
  await client.query(`CREATE TABLE ${table} (${RECIPE_DDL})`);
  await copyLines(client, table, "seq, ts, actor, action, amount, ok, prev_hash, row_hash", recipeChainLines(count));
}

async function copyLines(client: pg.Client, table: string, columns: string, lines: Iterable<string>): Promise<void> {
  await client.query("SET TimeZone = 'UTC'");
  const batches = (function* () {
    let buf: string[] = [];
    for (const line of lines) {
      buf.push(line);
      if (buf.length === 5000) {
        yield buf.join("");
        buf = [];
      }
    }
    if (buf.length) yield buf.join("");
  })();
  await pipeline(Readable.from(batches), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
}

/** The four tamperings every independently written chain is tested with. */
export type Tampering = "intact" | "modified" | "deleted" | "modified_after_deleted";

/** Expected findings per tampering, the same for every writer and recipe (seq 7 modified; seq 5 deleted; seq 5 deleted and 6 modified), as `messageId status: message` lines. */
export const expectFindings: Readonly<Record<Tampering, (lines: readonly string[]) => void>> = {
  intact: (lines) => {
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? "", /^chainOk pass: 12 records verified from sequence 1 to 12; head /);
  },
  modified: (lines) =>
    assert.deepEqual(lines, [
      "recordsModified fail: 1 record modified: the stored hash does not match the record's content and its stored previous hash; sequence 7",
    ]),
  deleted: (lines) => assert.deepEqual(lines, ["recordsDeleted fail: 1 record deleted: sequence 5 missing"]),
  modified_after_deleted: (lines) =>
    assert.deepEqual(lines, [
      "recordsModified fail: 1 record modified: the stored hash does not match the record's content and its stored previous hash; sequence 6",
      "recordsDeleted fail: 1 record deleted: sequence 5 missing",
    ]),
};
