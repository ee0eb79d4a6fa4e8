/**
 * @module `pg_audit_integrity`: verify a hash-chained audit trail, `h_i = SHA-256(h_{i-1} ‖
 * canonical(record_i))`, in constant memory — from a PostgreSQL table streamed with
 * `COPY … TO STDOUT` (raw text, no type parsing) or from a JSON Lines file (`file` target). Reports
 * the first broken link and counts of modified, deleted, inserted and reordered records.
 */
import type { FileHandle } from "../../targets/file.js";
import type { PgHandle } from "../../targets/postgres.js";
import { isConnectionError, reasonOf } from "../../targets/postgres/probe-kit.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import type { HashChainOptions, HashChainReport } from "../shared/hash-chain.js";
import { verifyHashChain } from "../shared/hash-chain.js";
import { readJsonLines, type ChainLayout } from "../shared/jsonl.js";
import { verifyPgChain } from "./stream.js";

export interface PgAuditIntegrityParams {
  /** The chain layout, usually one target attribute: `chain: ${target:audit_chain}`. */
  readonly chain: ChainParams;
}

export interface ChainParams {
  /** `schema.table` of the audit table (PostgreSQL targets). */
  readonly table?: string;
  readonly sequence_column: string;
  readonly hash_column: string;
  /** Columns (or JSON fields) of the canonical record, in order. */
  readonly columns: readonly string[];
  readonly canonical?: "text" | "json";
  readonly anchor?: "genesis" | "first-row";
  readonly genesis_hash?: string;
  readonly chain_input?: "raw" | "hex";
}

const aspects = { hash_chain: "Every record of the audit trail links to its predecessor" } as const;

const messages = {
  chain_ok: "{{records}} records verified from sequence {{first}} to {{last}}; head {{head}}",
  chain_broken: "hash chain broken at sequence {{sequence}} ({{kind}}): {{modified}} modified, {{deleted}} deleted, {{inserted}} inserted, {{reordered}} reordered of {{records}} records",
  chain_empty: "the audit trail holds no records",
  chain_unreadable: "the audit trail cannot be read: {{reason}}",
  table_missing: "no audit table given for a PostgreSQL target (param table)",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;
const ident = { type: "string", minLength: 1, maxLength: 63 } as const;
const chainSchema = {
  type: "object",
  additionalProperties: false,
  required: ["sequence_column", "hash_column", "columns"],
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
} as const;

export default defineProbe<PgAuditIntegrityParams>()({
  meta: {
    id: "pg_audit_integrity",
    version: "1.0.0",
    title: "Audit-log hash chain integrity",
    description: "Streams a hash-chained audit table (COPY) or JSON Lines file and recomputes every link.",
    targetTypes: ["postgres", "file"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["chain"],
      properties: { chain: chainSchema },
    },
    privileges: ["PostgreSQL: SELECT on the audit table's sequence, hash and record columns", "file: read access to the JSON Lines file"],
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
    const layout: ChainLayout = { sequenceField: params.sequence_column, hashField: params.hash_column, fields: params.columns, canonical: params.canonical ?? "text" };
    const handle: PgHandle | FileHandle = target.handle;
    let report: HashChainReport;
    try {
      if ("copyOut" in handle) {
        if (!params.table) return { facts: {}, findings: [{ aspect: "hash_chain", status: "error", messageId: "table_missing" }] };
        report = await verifyPgChain(handle, params.table, layout, options, signal);
      } else report = await verifyHashChain(readJsonLines(handle.path, layout, signal), options, signal);
    } catch (err) {
      if (isConnectionError(err)) throw err;
      return { facts: { error: reasonOf(err) }, findings: [{ aspect: "hash_chain", status: "error", messageId: "chain_unreadable", subject: params.table ?? target.id, data: { reason: reasonOf(err) } }] };
    }
    const subject = params.table ?? target.id;
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
