/**
 * @module Where the records come from. Every source selects `seq, hash[, prev], fields…` in sequence
 * order. PostgreSQL takes a fast path: `COPY (SELECT …) TO STDOUT` read as raw text lines; with the
 * built-in `text` form the bytes after the stored hashes *are* the record's text, so each row costs one
 * line split and one digest; with a declared recipe the fields are split, unescaped and rendered. Other
 * databases (Oracle) stream the same SELECT through the SQL layer as text values (NUMBER as decimal
 * text, DATE/TIMESTAMP as ISO 8601 UTC, RAW as hex). Field SQL expressions are aliased `f<n>`.
 */
import type { PgHandle } from "../../targets/postgres.js";
import { decodeCopyField, forEachCopyLine } from "../../targets/sql/copy-lines.js";
import { qualifiedName, quoteIdent, statement, type SqlDialect, type SqlSource } from "../../targets/sql/sql.js";
import type { ChainParams } from "./params.js";
import { CopyBodyWriter } from "./copy-body.js";
import type { Recipe } from "./recipe.js";
import { HashChainInputError, HashChainVerifier, type HashChainReport } from "./verifier.js";

/** A record as a source yields it: the verifier needs nothing else. */
export interface ChainLink {
  readonly sequence: number;
  readonly hash: string;
  /** Stored previous hash; `undefined` when the chain has no such column, `null` for NULL. */
  readonly prev: string | null | undefined;
  readonly body: string;
}

/** Verify a whole stream of records in constant memory. */
export async function verifyLinks(
  links: AsyncIterable<ChainLink> | Iterable<ChainLink>,
  recipe: Recipe,
  signal?: AbortSignal,
): Promise<HashChainReport> {
  const v = new HashChainVerifier(recipe.rules);
  for await (const l of links) {
    signal?.throwIfAborted();
    v.push(l.sequence, l.hash, l.prev, l.body);
  }
  return v.report();
}

/** The leading columns (sequence, hash, previous hash) and the fields or payload expression. */
function selected(dialect: SqlDialect, chain: ChainParams, recipe: Recipe): { sql: string[]; names: string[] } {
  const q = (c: string) => quoteIdent(dialect, c);
  const lead = [chain.sequence_column, chain.hash_column, ...(chain.prev_hash_column ? [chain.prev_hash_column] : [])];
  const sql = lead.map(q);
  const names = [...lead];
  recipe.fields.forEach((f, i) => {
    const alias = recipe.payloadSql ? "payload" : `f${i + 1}`;
    sql.push(f.sql !== undefined ? `(${f.sql}) AS ${q(alias)}` : q(f.column ?? ""));
    names.push(f.sql !== undefined ? alias : (f.column ?? ""));
  });
  return { sql, names };
}

export function chainSelect(dialect: SqlDialect, table: string, chain: ChainParams, recipe: Recipe): string {
  const cols = selected(dialect, chain, recipe).sql.join(", ");
  return `SELECT ${cols} FROM ${qualifiedName(dialect, table)} ORDER BY ${quoteIdent(dialect, chain.sequence_column)}`;
}

/** Any SQL source: the rows streamed as text values in sequence order. */
export async function verifySqlChain(
  db: SqlSource,
  table: string,
  chain: ChainParams,
  recipe: Recipe,
  signal: AbortSignal,
): Promise<HashChainReport> {
  const fold = (c: string) => (db.dialect === "oracle" ? c.toUpperCase() : c.toLowerCase());
  const records = statement({
    name: "audit_chain.records",
    sql: chainSelect(db.dialect, table, chain, recipe),
    views: [fold(table)],
    columns: selected(db.dialect, chain, recipe).names.map(fold),
  });
  const lead = chain.prev_hash_column ? 3 : 2;
  return verifyLinks(links(db.stream(records, [], signal), lead, recipe), recipe, signal);
}

async function* links(
  rows: AsyncIterable<readonly (string | null)[]>,
  lead: number,
  recipe: Recipe,
): AsyncIterable<ChainLink> {
  for await (const v of rows) {
    const [seq, hash] = v;
    if (seq === null || seq === undefined || hash === null || hash === undefined)
      throw new HashChainInputError("a record has a NULL sequence or hash");
    const prev = lead === 3 ? (v[2] ?? null) : undefined;
    yield { sequence: Number(seq), hash, prev, body: recipe.body(v.slice(lead)) };
  }
}

/** Parse the integer in `buf[start, end)` (COPY text of a bigint). */
function sequenceAt(buf: Buffer, start: number, end: number): number {
  let seq = 0;
  const neg = buf[start] === 45;
  for (let i = neg ? start + 1 : start; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c < 48 || c > 57)
      throw new HashChainInputError(`sequence "${buf.toString("utf8", start, end)}" is not an integer`);
    seq = seq * 10 + (c - 48);
  }
  return neg ? -seq : seq;
}

export async function verifyPgChain(
  h: PgHandle,
  table: string,
  chain: ChainParams,
  recipe: Recipe,
  signal: AbortSignal,
): Promise<HashChainReport> {
  const v = new HashChainVerifier(recipe.rules);
  const lead = chain.prev_hash_column ? 3 : 2;
  const tabs: number[] = [];
  const writer = recipe.declared && !recipe.payloadSql ? new CopyBodyWriter(recipe.declared) : undefined;
  const values: (string | null)[] = [];
  await forEachCopyLine(h.copyOut(chainSelect("postgres", table, chain, recipe), signal), (buf, start, end) => {
    tabs.length = 0;
    for (let t = buf.indexOf(9, start); t >= 0 && t < end && tabs.length < lead; t = buf.indexOf(9, t + 1))
      tabs.push(t);
    if (tabs.length < lead) throw new HashChainInputError("COPY row without sequence and hash fields");
    const [t1 = 0, t2 = 0, t3 = 0] = tabs;
    const seq = sequenceAt(buf, start, t1);
    const hash = field(buf, t1 + 1, t2);
    if (hash === null) throw new HashChainInputError(`record with sequence ${seq}: the hash is NULL`);
    const prev = lead === 3 ? field(buf, t2 + 1, t3) : undefined;
    const rest = (lead === 3 ? t3 : t2) + 1;
    if (recipe.copyBytes) v.push(seq, hash, prev, buf, rest, end);
    else if (writer) {
      const n = writer.write(buf, rest, end);
      v.push(seq, hash, prev, writer.body, 0, n);
    } else v.push(seq, hash, prev, recipe.body(copyFields(buf, rest, end, values)));
  });
  return v.report();
}

/** One COPY text field: `\N` is NULL; escapes are decoded only where a backslash occurs. */
function field(buf: Buffer, start: number, end: number): string | null {
  const bs = buf.indexOf(92, start);
  if (bs < 0 || bs >= end) return buf.toString("utf8", start, end);
  return decodeCopyField(buf.toString("utf8", start, end));
}

/** The tab-separated fields of `buf[start, end)` into `into` (reused: no array per row). */
function copyFields(buf: Buffer, start: number, end: number, into: (string | null)[]): (string | null)[] {
  into.length = 0;
  let a = start;
  for (let t = buf.indexOf(9, a); t >= 0 && t < end; t = buf.indexOf(9, a)) {
    into.push(field(buf, a, t));
    a = t + 1;
  }
  into.push(field(buf, a, end));
  return into;
}
