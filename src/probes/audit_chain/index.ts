/**
 * @module `audit_chain`: verify a hash-chained audit trail, `h_i = SHA-256(h_{i-1} ‖
 * canonical(record_i))`, in constant memory — from a PostgreSQL table (`COPY … TO STDOUT`, raw
 * text), an Oracle table (a cursor in sequence order) or a JSON Lines file (`file` target). Reports
 * the first broken link and counts of modified, deleted, inserted and reordered records. A table
 * that is missing or cannot be read, or malformed rows, give `chainUnreadable` (error); a lost
 * connection ends the probe.
 */
import type { FileHandle } from "../../targets/file.js";
import type { OracleHandle } from "../../targets/oracle.js";
import type { PgHandle } from "../../targets/postgres.js";
import { objectFailure } from "../../targets/sql/errors.js";
import { defineProbe } from "../define.js";
import { HashChainInputError, verifyHashChain, type HashChainReport } from "../shared/hash-chain.js";
import { readJsonLines, type ChainLayout } from "../shared/jsonl.js";
import {
  aspects,
  chainOptions,
  chainOutput,
  chainSchema,
  chainUnreadable,
  messages,
  type ChainLayoutParams,
} from "./findings.js";
import { verifyPgChain, verifySqlChain } from "./sources.js";

export interface ChainParams extends ChainLayoutParams {
  /** `schema.table` of the audit table (database targets). */
  readonly table?: string;
}

export interface AuditChainParams {
  /** The chain layout, usually one target attribute: `chain: ${target:audit_chain}`. */
  readonly chain: ChainParams;
}

export default defineProbe<AuditChainParams>()({
  meta: {
    id: "audit_chain",
    version: "2.0.0",
    title: "Audit-trail hash chain integrity",
    description:
      "Streams a hash-chained audit table (PostgreSQL COPY, Oracle cursor) or JSON Lines file in sequence order and recomputes every link.",
    targetTypes: ["postgres", "oracle", "file"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["chain"],
      // Identifiers up to Oracle's 128 characters; PostgreSQL's 63 is enforced when the SQL is built.
      properties: { chain: chainSchema(128, ["sequence_column", "hash_column", "columns"]) },
    },
    privileges: [
      "PostgreSQL: SELECT on the audit table's sequence, hash and record columns",
      "Oracle: SELECT (or READ) on the audit table",
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
    const subject = params.table ?? target.id;
    let report: HashChainReport;
    try {
      const handle: PgHandle | OracleHandle | FileHandle = target.handle;
      if ("path" in handle) report = await verifyHashChain(readJsonLines(handle.path, layout, signal), options, signal);
      else {
        const table = params.table;
        if (!table)
          return { facts: {}, findings: [{ aspect: "hash_chain", status: "error", messageId: "tableMissing" }] };
        report =
          "copyOut" in handle
            ? await verifyPgChain(handle, table, layout, options, signal)
            : await handle.readOnly((db) => verifySqlChain(db, table, layout, options, signal), signal);
      }
    } catch (err) {
      const reason = err instanceof HashChainInputError ? err.message : objectFailure(err);
      if (reason === undefined) throw err;
      return chainUnreadable(reason, subject);
    }
    return chainOutput(report, subject);
  },
});
