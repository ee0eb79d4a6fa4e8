/**
 * @module `ora_audit_chain`: verify a hash-chained audit table in Oracle, `h_i = SHA-256(h_{i-1} ‖
 * canonical(record_i))`, with the shared streaming verifier and canonical forms (the same code that
 * checks PostgreSQL tables and JSON Lines files). Oracle streams the rows through a cursor as text
 * values (NUMBER as decimal text, DATE/TIMESTAMP as ISO 8601 UTC, RAW as hex) in sequence order.
 * Messages and findings: `../shared/chain-findings.ts`, shared with `pg_audit_integrity`.
 */
import { defineProbe } from "../define.js";
import { canonicalize } from "../shared/canonical.js";
import {
  aspects,
  chainOptions,
  chainOutput,
  chainSchema,
  chainUnreadable,
  messages,
  type ChainLayoutParams,
} from "../shared/chain-findings.js";
import { HashChainInputError, verifyHashChain, type ChainLink, type HashChainReport } from "../shared/hash-chain.js";
import { qualifiedName, quoteIdent } from "../../targets/sql/sql.js";
import { objectFailure } from "../../targets/sql/errors.js";
import { statement } from "../../targets/sql/sql.js";

/** The chain's layout, as a target declares it in its `audit_chain` attribute (same as PostgreSQL, table required). */
export interface ChainParams extends ChainLayoutParams {
  readonly table: string;
}

export interface OraAuditChainParams {
  readonly chain: ChainParams;
}

export function chainSelect(p: Pick<ChainParams, "table" | "sequence_column" | "hash_column" | "columns">): string {
  const q = (c: string) => quoteIdent("oracle", c);
  const cols = [p.sequence_column, p.hash_column, ...p.columns].map(q).join(", ");
  return `SELECT ${cols} FROM ${qualifiedName("oracle", p.table)} ORDER BY ${q(p.sequence_column)}`;
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

export default defineProbe<OraAuditChainParams>()({
  meta: {
    id: "ora_audit_chain",
    version: "1.0.0",
    title: "Oracle audit-table hash chain integrity",
    description:
      "Streams a hash-chained audit table in sequence order and recomputes every link with the shared verifier.",
    targetTypes: ["oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["chain"],
      properties: { chain: chainSchema(128, ["table", "sequence_column", "hash_column", "columns"]) },
    },
    privileges: ["SELECT (or READ) on the audit table"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params: { chain: params }, target, signal }) {
    const options = chainOptions(params);
    const subject = params.table;
    let report: HashChainReport;
    try {
      const records = statement({
        name: "ora_audit_chain.records",
        sql: chainSelect(params),
        views: [params.table.toUpperCase()],
        columns: [params.sequence_column, params.hash_column, ...params.columns].map((c) => c.toUpperCase()),
      });
      report = await target.handle.readOnly((db) => {
        const rows = db.stream(records, [], signal);
        return verifyHashChain(links(rows, params.canonical ?? "text"), options, signal);
      }, signal);
    } catch (err) {
      const reason = err instanceof HashChainInputError ? err.message : objectFailure(err);
      if (reason === undefined) throw err;
      return chainUnreadable(reason, subject);
    }
    return chainOutput(report, subject);
  },
});
