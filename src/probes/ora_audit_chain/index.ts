/**
 * @module `ora_audit_chain`: verify a hash-chained audit table in Oracle, `h_i = SHA-256(h_{i-1} ‖
 * canonical(record_i))`, with the shared streaming verifier and canonical forms (the same code that
 * checks PostgreSQL tables and JSON Lines files). Oracle streams the rows through a cursor as text
 * values (NUMBER as decimal text, DATE/TIMESTAMP as ISO 8601 UTC, RAW as hex) in sequence order.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { canonicalize } from "../shared/canonical.js";
import { HashChainInputError, verifyHashChain, type ChainLink, type HashChainOptions, type HashChainReport } from "../shared/hash-chain.js";
import { qualifiedName, quoteIdent } from "../shared/sql.js";
import { OracleTargetError } from "../../targets/oracle/errors.js";
import { oracleSqlSource } from "../../targets/oracle/sql-source.js";

/** The chain's layout, as a target declares it in its `audit_chain` attribute (same as PostgreSQL). */
export interface ChainParams {
  readonly table: string;
  readonly sequence_column: string;
  readonly hash_column: string;
  readonly columns: readonly string[];
  readonly canonical?: "text" | "json";
  readonly anchor?: "genesis" | "first-row";
  readonly genesis_hash?: string;
  readonly chain_input?: "raw" | "hex";
}

export interface OraAuditChainParams {
  readonly chain: ChainParams;
}

const aspects = { hash_chain: "Every record of the audit trail links to its predecessor" } as const;

/** Same message ids and wording as pg_audit_integrity. */
const messages = {
  chain_ok: "{{records}} records verified from sequence {{first}} to {{last}}; head {{head}}",
  chain_broken: "hash chain broken at sequence {{sequence}} ({{kind}}): {{modified}} modified, {{deleted}} deleted, {{inserted}} inserted, {{reordered}} reordered of {{records}} records",
  chain_empty: "the audit trail holds no records",
  chain_unreadable: "the audit trail cannot be read: {{reason}}",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;
const ident = { type: "string", minLength: 1, maxLength: 128 } as const;

export function chainSelect(p: Pick<ChainParams, "table" | "sequence_column" | "hash_column" | "columns">): string {
  const q = (c: string) => quoteIdent("oracle", c);
  const cols = [p.sequence_column, p.hash_column, ...p.columns].map(q).join(", ");
  return `SELECT ${cols} FROM ${qualifiedName("oracle", p.table)} ORDER BY ${q(p.sequence_column)}`;
}

async function* links(rows: AsyncIterable<readonly (string | null)[]>, form: "text" | "json"): AsyncIterable<ChainLink> {
  for await (const v of rows) {
    const [seq, hash] = v;
    if (seq === null || seq === undefined || hash === null || hash === undefined) throw new HashChainInputError("a record has a NULL sequence or hash");
    yield { sequence: Number(seq), hash, canonical: canonicalize(form, v.slice(2)) };
  }
}

export default defineProbe<OraAuditChainParams>()({
  meta: {
    id: "ora_audit_chain",
    version: "1.0.0",
    title: "Oracle audit-table hash chain integrity",
    description: "Streams a hash-chained audit table in sequence order and recomputes every link with the shared verifier.",
    targetTypes: ["oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["chain"],
      properties: {
        chain: {
          type: "object",
          additionalProperties: false,
          required: ["table", "sequence_column", "hash_column", "columns"],
          properties: {
            table: { type: "string", minLength: 1 },
            sequence_column: ident,
            hash_column: ident,
            columns: { type: "array", items: ident, minItems: 1 },
            canonical: { enum: ["text", "json"] },
            anchor: { enum: ["genesis", "first-row"] },
            genesis_hash: { type: "string", pattern: "^[0-9a-fA-F]{64}$" },
            chain_input: { enum: ["raw", "hex"] },
          },
        },
      },
    },
    privileges: ["SELECT (or READ) on the audit table"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params: { chain: params }, target, signal }) {
    const options: HashChainOptions = {
      ...(params.anchor ? { anchor: params.anchor } : {}),
      ...(params.genesis_hash ? { genesisHash: params.genesis_hash } : {}),
      ...(params.chain_input ? { chainInput: params.chain_input } : {}),
    };
    const subject = params.table;
    let report: HashChainReport;
    try {
      report = await target.handle.readOnly((s) => {
        const source = oracleSqlSource(s, { name: "ora_audit_chain.records", views: [params.table.toUpperCase()] });
        const rows = source.streamText?.(chainSelect(params), signal);
        if (!rows) throw new OracleTargetError("other", "this Oracle session cannot stream rows", undefined);
        return verifyHashChain(links(rows, params.canonical ?? "text"), options, signal);
      }, signal);
    } catch (err) {
      const local = err instanceof HashChainInputError || (err instanceof OracleTargetError && (err.failure === "privilege" || err.failure === "other"));
      if (!local) throw err;
      return { facts: { error: err.message }, findings: [{ aspect: "hash_chain", status: "error", messageId: "chain_unreadable", subject, data: { reason: err.message } }] };
    }
    const facts = { ...report, firstBrokenLink: report.firstBrokenLink ? { ...report.firstBrokenLink } : null };
    let finding: F;
    if (report.records === 0) finding = { aspect: "hash_chain", status: "fail", messageId: "chain_empty", subject };
    else if (report.firstBrokenLink === null)
      finding = { aspect: "hash_chain", status: "pass", messageId: "chain_ok", subject, data: { records: report.records, first: report.firstSequence, last: report.lastSequence, head: report.headHash } };
    else {
      const { sequence, kind } = report.firstBrokenLink;
      const { records, modified, deleted, inserted, reordered } = report;
      finding = { aspect: "hash_chain", status: "fail", messageId: "chain_broken", subject, data: { sequence, kind, records, modified, deleted, inserted, reordered } };
    }
    return { facts, findings: [finding] };
  },
});
