/**
 * @module The PostgreSQL fast path: `COPY (SELECT seq, hash, cols… ORDER BY seq) TO STDOUT` read as
 * raw text lines. With the `text` canonical form the bytes after the second tab *are* the canonical
 * record, so each row costs one line split, one integer parse and one SHA-256.
 */
import type { PgHandle } from "../../targets/postgres.js";
import { decodeCopyField, forEachCopyLine } from "../../targets/sql/copy-lines.js";
import { canonicalJson } from "../shared/canonical.js";
import {
  HashChainInputError,
  HashChainVerifier,
  type HashChainOptions,
  type HashChainReport,
} from "../shared/hash-chain.js";
import type { ChainLayout } from "../shared/jsonl.js";
import { qualifiedName, quoteIdent } from "../../targets/sql/sql.js";

export function chainSelect(table: string, layout: ChainLayout): string {
  const q = (c: string) => quoteIdent("postgres", c);
  const cols = [layout.sequenceField, layout.hashField, ...layout.fields].map(q).join(", ");
  return `SELECT ${cols} FROM ${qualifiedName("postgres", table)} ORDER BY ${q(layout.sequenceField)}`;
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
  await forEachCopyLine(h.copyOut(chainSelect(table, layout), signal), (buf, start, end) => {
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
