/**
 * @module Where the records come from. PostgreSQL takes a fast path: `COPY (SELECT seq, hash, cols…
 * ORDER BY seq) TO STDOUT` read as raw text lines; with the `text` canonical form the bytes after the
 * second tab *are* the canonical record, so each row costs one line split, one integer parse and one
 * SHA-256. Other databases (Oracle) stream the same SELECT through the SQL layer as text values (NUMBER
 * as decimal text, DATE/TIMESTAMP as ISO 8601 UTC, RAW as hex) and canonicalise them here.
 */
import type { PgHandle } from "../../targets/postgres.js";
import { decodeCopyField, forEachCopyLine } from "../../targets/sql/copy-lines.js";
import { canonicalize, canonicalJson } from "../shared/canonical.js";
import {
  HashChainInputError,
  HashChainVerifier,
  verifyHashChain,
  type ChainLink,
  type HashChainOptions,
  type HashChainReport,
} from "../shared/hash-chain.js";
import type { ChainLayout } from "../shared/jsonl.js";
import { qualifiedName, quoteIdent, statement, type SqlDialect, type SqlSource } from "../../targets/sql/sql.js";

export function chainSelect(dialect: SqlDialect, table: string, layout: ChainLayout): string {
  const q = (c: string) => quoteIdent(dialect, c);
  const cols = [layout.sequenceField, layout.hashField, ...layout.fields].map(q).join(", ");
  return `SELECT ${cols} FROM ${qualifiedName(dialect, table)} ORDER BY ${q(layout.sequenceField)}`;
}

/** Any SQL source: the rows streamed as text values in sequence order, canonicalised here. */
export async function verifySqlChain(
  db: SqlSource,
  table: string,
  layout: ChainLayout,
  options: HashChainOptions,
  signal: AbortSignal,
): Promise<HashChainReport> {
  const fold = (c: string) => (db.dialect === "oracle" ? c.toUpperCase() : c.toLowerCase());
  const records = statement({
    name: "audit_chain.records",
    sql: chainSelect(db.dialect, table, layout),
    views: [fold(table)],
    columns: [layout.sequenceField, layout.hashField, ...layout.fields].map(fold),
  });
  return verifyHashChain(links(db.stream(records, [], signal), layout.canonical), options, signal);
}

async function* links(
  rows: AsyncIterable<readonly (string | null)[]>,
  form: "text" | "json",
): AsyncIterable<ChainLink> {
  for await (const v of rows) {
    const [seq, hash] = v;
    if (seq === null || seq === undefined || hash === null || hash === undefined)
      throw new HashChainInputError("a record has a NULL sequence or hash");
    yield { sequence: Number(seq), hash, canonical: canonicalize(form, v.slice(2)) };
  }
}

export async function verifyPgChain(
  h: PgHandle,
  table: string,
  layout: ChainLayout,
  options: HashChainOptions,
  signal: AbortSignal,
): Promise<HashChainReport> {
  const v = new HashChainVerifier(options);
  const json = layout.canonical === "json";
  await forEachCopyLine(h.copyOut(chainSelect("postgres", table, layout), signal), (buf, start, end) => {
    const t1 = buf.indexOf(9, start);
    const t2 = t1 < 0 || t1 >= end ? -1 : buf.indexOf(9, t1 + 1);
    if (t2 < 0 || t2 >= end) throw new HashChainInputError("COPY row without sequence and hash fields");
    let seq = 0;
    let neg = false;
    for (let i = start; i < t1; i++) {
      const c = buf[i] ?? 0;
      if (i === start && c === 45) {
        neg = true;
        continue;
      }
      if (c < 48 || c > 57)
        throw new HashChainInputError(`sequence "${buf.toString("utf8", start, t1)}" is not an integer`);
      seq = seq * 10 + (c - 48);
    }
    if (neg) seq = -seq;
    if (json)
      v.push(
        seq,
        buf.toString("latin1", t1 + 1, t2),
        canonicalJson(
          buf
            .toString("utf8", t2 + 1, end)
            .split("\t")
            .map(decodeCopyField),
        ),
      );
    else v.pushBytes(seq, buf, t1 + 1, t2, t2 + 1, end);
  });
  return v.report();
}
