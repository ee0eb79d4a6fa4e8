/**
 * @module `pg_audit_integrity`: verify a hash-chained audit trail, `h_i = SHA-256(h_{i-1} ‖
 * canonical(record_i))`, in constant memory — from a PostgreSQL table streamed with
 * `COPY … TO STDOUT` (raw text, no type parsing) or from a JSON Lines file (`file` target). Reports
 * the first broken link and counts of modified, deleted, inserted and reordered records; the
 * findings are the shared ones of `../shared/chain-findings.ts` (also used by `ora_audit_chain`).
 */
import type { FileHandle } from "../../targets/file.js";
import type { PgHandle } from "../../targets/postgres.js";
import { objectFailure } from "../../targets/sql/errors.js";
import { defineProbe } from "../define.js";
import {
  aspects,
  chainOptions,
  chainOutput,
  chainSchema,
  chainUnreadable,
  messages as shared,
  type ChainLayoutParams,
} from "../shared/chain-findings.js";
import { HashChainInputError, verifyHashChain, type HashChainReport } from "../shared/hash-chain.js";
import { readJsonLines, type ChainLayout } from "../shared/jsonl.js";
import { verifyPgChain } from "./stream.js";

export interface PgAuditIntegrityParams {
  /** The chain layout, usually one target attribute: `chain: ${target:audit_chain}`. */
  readonly chain: ChainParams;
}

export interface ChainParams extends ChainLayoutParams {
  /** `schema.table` of the audit table (PostgreSQL targets). */
  readonly table?: string;
}

const messages = { ...shared, table_missing: "no audit table given for a PostgreSQL target (param table)" } as const;

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
      properties: { chain: chainSchema(63, ["sequence_column", "hash_column", "columns"]) },
    },
    privileges: [
      "PostgreSQL: SELECT on the audit table's sequence, hash and record columns",
      "file: read access to the JSON Lines file",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params: { chain: params }, target, signal }) {
    const options = chainOptions(params);
    const layout: ChainLayout = {
      sequenceField: params.sequence_column,
      hashField: params.hash_column,
      fields: params.columns,
      canonical: params.canonical ?? "text",
    };
    const handle: PgHandle | FileHandle = target.handle;
    const subject = params.table ?? target.id;
    let report: HashChainReport;
    try {
      if ("copyOut" in handle) {
        if (!params.table)
          return { facts: {}, findings: [{ aspect: "hash_chain", status: "error", messageId: "table_missing" }] };
        report = await verifyPgChain(handle, params.table, layout, options, signal);
      } else report = await verifyHashChain(readJsonLines(handle.path, layout, signal), options, signal);
    } catch (err) {
      const reason = err instanceof HashChainInputError ? err.message : objectFailure(err);
      if (reason === undefined) throw err;
      return chainUnreadable(reason, subject);
    }
    return chainOutput(report, subject);
  },
});
