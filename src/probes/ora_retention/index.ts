/**
 * @module `ora_retention`: storage limitation in Oracle — the same checks as `pg_retention`, decided
 * by the same shared code (`../shared/retention.ts`: dataset parsing, cutoff, the dialect's SQL,
 * the [min, max] range; `../shared/retention-findings.ts`: messages and findings). Only the source
 * differs: an Oracle read-only session seen as a `SqlSource`. A table the auditor cannot read is an
 * `error` finding for that dataset; a lost connection, failed login or timeout fails the whole probe.
 */
import { defineProbe } from "../define.js";
import { parseDatasets } from "../shared/retention.js";
import {
  aspects,
  messages,
  paramsSchema,
  retentionOutput,
  type RetentionDialect,
  type RetentionParams,
} from "../shared/retention-findings.js";

export type OraRetentionParams = RetentionParams;

const dialect = (source: RetentionDialect["source"]): RetentionDialect => ({ probe: "ora_retention", source });

export default defineProbe<OraRetentionParams>()({
  meta: {
    id: "ora_retention",
    version: "1.0.0",
    title: "Oracle data retention",
    description:
      "Rows past retention per declared dataset; audit-log table retention within a [min, max] range (shared logic with pg_retention).",
    targetTypes: ["oracle"],
    params: paramsSchema,
    privileges: ["SELECT on each declared table (READ suffices); a table it cannot read is an error finding"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal, now }) {
    const at = now();
    // Invalid declarations end the probe before a session is opened.
    const datasets = parseDatasets(params.datasets ?? []);
    if (params.audit_log !== undefined) parseDatasets([params.audit_log]);
    return target.handle.readOnly((s) => retentionOutput(params, datasets, at, dialect(s), signal), signal);
  },
});
