/**
 * @module `ora_retention`: storage limitation in Oracle — the same checks as `pg_retention`, decided
 * by the same shared code (`../shared/retention.ts`: dataset parsing, cutoff, the dialect's SQL,
 * the [min, max] range). Only the source differs: an Oracle read-only session seen as a `SqlSource`.
 * A table the auditor cannot read is an `error` finding for that dataset; a lost connection,
 * failed login or timeout fails the whole probe.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { observeRetention, parseDatasets, retentionRange, type Dataset, type DatasetObservation } from "../shared/retention.js";
import { OracleTargetError } from "../../targets/oracle/errors.js";
import type { OracleSession } from "../../targets/oracle/session.js";
import { oracleSqlSource } from "../../targets/oracle/sql-source.js";

export interface OraRetentionParams {
  readonly datasets?: readonly unknown[];
  readonly grace_days: number;
  readonly audit_log?: unknown;
  readonly log_retention_min_days?: number;
  readonly log_retention_max_days?: number;
}

const aspects = {
  datasets: "No personal-data row is kept past its declared retention (plus grace)",
  audit_log_retention: "Audit-log retention lies within [min, max] days and is enforced",
} as const;

/** Same message ids and wording as pg_retention, so reports read alike across databases. */
const messages = {
  dataset_ok: "{{table}}: no row older than {{days}} + {{grace}} days ({{rows}} rows, oldest {{oldest}} days)",
  dataset_overdue: "{{table}}: {{overdue}} of {{rows}} rows are older than {{days}} + {{grace}} days (oldest {{oldest}} days)",
  dataset_error: "{{table}} cannot be checked: {{reason}}",
  no_datasets: "no retention datasets declared for this target",
  log_ok: "audit log {{table}}: retention {{days}} days within [{{min}}, {{max}}], no row past it (oldest {{oldest}} days)",
  log_out_of_range: "audit log {{table}}: declared retention {{days}} days is outside [{{min}}, {{max}}]",
  log_overdue: "audit log {{table}}: {{overdue}} rows are older than the declared {{days}} + {{grace}} days",
  log_undeclared: "no audit log table declared for this target",
  log_range_missing: "no audit-log retention range given (log_retention_min_days, log_retention_max_days)",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

const dataset = {
  type: "object", additionalProperties: false, required: ["table", "timestamp_column", "retention_days"],
  properties: { table: { type: "string" }, timestamp_column: { type: "string" }, retention_days: { type: "number", minimum: 0 }, grace_days: { type: "number", minimum: 0 } },
} as const;

/** Missing table or privilege stays with its dataset; connection-level failures end the probe. */
const perDataset = (err: unknown): err is OracleTargetError => err instanceof OracleTargetError && (err.failure === "privilege" || err.failure === "other");

export default defineProbe<OraRetentionParams>()({
  meta: {
    id: "ora_retention",
    version: "1.0.0",
    title: "Oracle data retention",
    description: "Rows past retention per declared dataset; audit-log table retention within a [min, max] range (shared logic with pg_retention).",
    targetTypes: ["oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["grace_days"],
      properties: {
        datasets: { type: "array", items: dataset },
        grace_days: { type: "number", minimum: 0 },
        audit_log: dataset,
        log_retention_min_days: { type: "number", minimum: 0 },
        log_retention_max_days: { type: "number", minimum: 0 },
      },
    },
    privileges: ["SELECT on each declared table (READ suffices); a table it cannot read is an error finding"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal, now }) {
    const at = now();
    const datasets = parseDatasets(params.datasets ?? []);
    const log = params.audit_log === undefined ? undefined : parseDatasets([params.audit_log])[0];
    const facts: Record<string, { overdue: number; rows: number; oldest_age_days: number | null; cutoff: string } | { error: string }> = {};
    const observe = async (s: OracleSession, d: Dataset): Promise<DatasetObservation | string> => {
      const source = oracleSqlSource(s, { name: "ora_retention.dataset", views: [d.table.toUpperCase()] });
      try {
        const [o] = await observeRetention(source, [d], at, params.grace_days, signal);
        if (!o) return "no result";
        facts[d.table] = { overdue: o.overdue, rows: o.rows, oldest_age_days: o.oldestAgeDays, cutoff: o.cutoff };
        return o;
      } catch (err) {
        if (!perDataset(err)) throw err;
        facts[d.table] = { error: err.message };
        return err.message;
      }
    };
    const findings = await target.handle.readOnly(async (s) => {
      const out: F[] = [];
      if (datasets.length === 0) out.push({ aspect: "datasets", status: "not_applicable", messageId: "no_datasets" });
      for (const d of datasets) {
        const o = await observe(s, d);
        const grace = d.graceDays ?? params.grace_days;
        if (typeof o === "string") out.push({ aspect: "datasets", status: "error", messageId: "dataset_error", subject: d.table, data: { table: d.table, reason: o } });
        else {
          const data = { table: d.table, days: d.retentionDays, grace, rows: o.rows, overdue: o.overdue, oldest: o.oldestAgeDays ?? "n/a" };
          out.push({ aspect: "datasets", status: o.overdue === 0 ? "pass" : "fail", messageId: o.overdue === 0 ? "dataset_ok" : "dataset_overdue", subject: d.table, data });
        }
      }
      out.push(await auditLog(params, log, (d) => observe(s, d)));
      return out;
    }, signal);
    return { facts: { now: at.toISOString(), datasets: facts }, findings };
  },
});

async function auditLog(params: OraRetentionParams, d: Dataset | undefined, observe: (d: Dataset) => Promise<DatasetObservation | string>): Promise<F> {
  if (d === undefined) return { aspect: "audit_log_retention", status: "not_applicable", messageId: "log_undeclared" };
  const { log_retention_min_days: min, log_retention_max_days: max } = params;
  if (min === undefined || max === undefined) return { aspect: "audit_log_retention", status: "error", messageId: "log_range_missing" };
  const base = { table: d.table, days: d.retentionDays, min, max };
  if (retentionRange(d.retentionDays, min, max) !== "within") return { aspect: "audit_log_retention", status: "fail", messageId: "log_out_of_range", subject: d.table, data: base };
  const o = await observe(d);
  if (typeof o === "string") return { aspect: "audit_log_retention", status: "error", messageId: "dataset_error", subject: d.table, data: { table: d.table, reason: o } };
  const grace = d.graceDays ?? params.grace_days;
  return o.overdue > 0
    ? { aspect: "audit_log_retention", status: "fail", messageId: "log_overdue", subject: d.table, data: { ...base, grace, overdue: o.overdue } }
    : { aspect: "audit_log_retention", status: "pass", messageId: "log_ok", subject: d.table, data: { ...base, oldest: o.oldestAgeDays ?? "n/a" } };
}
