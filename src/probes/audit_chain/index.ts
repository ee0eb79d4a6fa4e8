/**
 * @module `audit_chain`: verify a hash-chained audit trail in constant memory — from a PostgreSQL
 * table (`COPY … TO STDOUT`), an Oracle table (a cursor in sequence order) or a JSON Lines file
 * (`file` target) — by the recipe its writer used (`chain.recipe`: fields, rendering, where the
 * previous hash goes, SHA-256/SHA-512/SHA3-256, hex/base64/bytea; or a SQL payload expression), or by
 * the built-in `SHA-256(h_{i-1} ‖ canonical(record))`. Each record's own hash and its linkage are
 * checked apart; modified, deleted, inserted, reordered and unchecked records are separate findings.
 * A table that is missing or cannot be read, or malformed rows, give `chainUnreadable` (error); a
 * lost connection ends the probe.
 */
import type { FileHandle } from "../../targets/file.js";
import type { OracleHandle } from "../../targets/oracle.js";
import type { PgHandle } from "../../targets/postgres.js";
import { objectFailure } from "../../targets/sql/errors.js";
import { defineProbe } from "../define.js";
import { aspects, chainOutput, chainUnreadable, messages } from "./findings.js";
import { readJsonLines } from "./jsonl.js";
import { auditChainParams } from "./params.js";
import { compileRecipe } from "./recipe.js";
import { verifyLinks, verifyPgChain, verifySqlChain } from "./sources.js";
import { HashChainInputError, type HashChainReport } from "./verifier.js";

export default defineProbe({
  meta: {
    id: "audit_chain",
    version: "3.0.0",
    title: "Audit-trail hash chain integrity",
    description:
      "Streams a hash-chained audit table (PostgreSQL COPY, Oracle cursor) or JSON Lines file in sequence order and recomputes every record's hash by the writer's declared recipe, checking each record's own hash and its link to the previous record.",
    targetTypes: ["postgres", "oracle", "file"],
    params: auditChainParams,
    privileges: [
      "PostgreSQL: GRANT USAGE ON SCHEMA <schema> TO <auditor>; -- each schema holding a declared table",
      "PostgreSQL: GRANT SELECT (<chained columns>) ON <audit table> TO <auditor>; -- the sequence, hash, previous-hash and record columns",
      "Oracle: SELECT (or READ) on the audit table",
      "file: read access to the JSON Lines file",
    ],
    aspects,
    messages,
  },
  async run({ params: { chain }, target, signal }) {
    const subject = chain.table ?? target.id;
    let report: HashChainReport;
    try {
      const recipe = compileRecipe(chain);
      const handle: PgHandle | OracleHandle | FileHandle = target.handle;
      if ("path" in handle) {
        if (recipe.fields.some((f) => f.sql !== undefined))
          return { facts: {}, findings: [{ aspect: "hash_chain", status: "error", messageId: "sqlOnFile", subject }] };
        const layout = {
          sequenceField: chain.sequence_column,
          hashField: chain.hash_column,
          prevField: chain.prev_hash_column,
          recipe,
        };
        report = await verifyLinks(readJsonLines(handle.path, layout, signal), recipe, signal);
      } else {
        const table = chain.table;
        if (!table)
          return { facts: {}, findings: [{ aspect: "hash_chain", status: "error", messageId: "tableMissing" }] };
        report =
          "copyOut" in handle
            ? await verifyPgChain(handle, table, chain, recipe, signal)
            : await handle.readOnly((db) => verifySqlChain(db, table, chain, recipe, signal), signal);
      }
    } catch (err) {
      const reason = err instanceof HashChainInputError ? err.message : objectFailure(err);
      if (reason === undefined) throw err;
      return chainUnreadable(reason, subject);
    }
    return chainOutput(report, subject, chain.prev_hash_column !== undefined);
  },
});
