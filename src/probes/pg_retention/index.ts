/**
 * @module `pg_retention`: storage limitation in PostgreSQL. For each declared dataset, the rows past
 * retention plus grace (must be 0) and the age of the oldest row; for the audit log, its declared
 * retention must lie within the profile's [min, max] days and no row may outlive it. The queries
 * and judgement are the dialect-neutral ones of `../shared/retention.ts`.
 */
import { isConnectionError, reasonOf } from "../../targets/postgres/probe-kit.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import { observeRetention, parseDatasets, retentionRange, type Dataset } from "../shared/retention.js";

export interface PgRetentionParams {
  readonly datasets?: readonly unknown[];
  readonly grace_days: number;
  /** `{ table, timestamp_column, retention_days }` of the audit log table. */
  readonly audit_log?: unknown;
  readonly log_retention_min_days?: number;
  readonly log_retention_max_days?: number;
}

const aspects = {
  datasets: "No personal-data row is kept past its declared retention (plus grace)",
  audit_log_retention: "Audit-log retention lies within [min, max] days and is enforced",
} as const;

const messages = {
  dataset_ok: "{{table}}: no row older than {{days}} + {{grace}} days ({{rows}} rows, oldest {{oldest}} days)",
  dataset_overdue: "{{table}}: {{overdue}} of {{rows}} rows are older than {{days}} + {{grace}} days (oldest {{oldest}} days)",
  dataset_error: "{{table}} cannot be checked: {{reason}}",
  datasets_invalid: "{{reason}}",
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

export default defineProbe<PgRetentionParams>()({
  meta: {
    id: "pg_retention",
    version: "1.0.0",
    title: "PostgreSQL data retention",
    description: "Rows past retention per declared dataset; audit-log retention within a [min, max] range.",
    targetTypes: ["postgres"],
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
    privileges: ["SELECT on each declared table (the timestamp column suffices); a table it cannot read is an error finding"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal, now }) {
    const h = target.handle;
    const at = now();
    const findings: F[] = [];
    const facts: Record<string, { overdue: number; rows: number; oldest_age_days: number | null; cutoff: string } | { error: string }> = {};
    const check = async (d: Dataset) => {
      try {
        const [o] = await observeRetention(h, [d], at, params.grace_days, signal);
        if (o) facts[d.table] = { overdue: o.overdue, rows: o.rows, oldest_age_days: o.oldestAgeDays, cutoff: o.cutoff };
        return o ?? null;
      } catch (err) {
        if (isConnectionError(err)) throw err;
        facts[d.table] = { error: reasonOf(err) };
        return reasonOf(err);
      }
    };
    let datasets: Dataset[] = [];
    try {
      datasets = parseDatasets(params.datasets ?? []);
    } catch (err) {
      findings.push({ aspect: "datasets", status: "error", messageId: "datasets_invalid", data: { reason: reasonOf(err) } });
    }
    if (params.datasets === undefined || (datasets.length === 0 && findings.length === 0)) findings.push({ aspect: "datasets", status: "not_applicable", messageId: "no_datasets" });
    for (const d of datasets) {
      const o = await check(d);
      const grace = d.graceDays ?? params.grace_days;
      if (o === null || typeof o === "string") { findings.push({ aspect: "datasets", status: "error", messageId: "dataset_error", subject: d.table, data: { table: d.table, reason: o ?? "no result" } }); continue; }
      const data = { table: d.table, days: d.retentionDays, grace, rows: o.rows, overdue: o.overdue, oldest: o.oldestAgeDays ?? "n/a" };
      findings.push({ aspect: "datasets", status: o.overdue === 0 ? "pass" : "fail", messageId: o.overdue === 0 ? "dataset_ok" : "dataset_overdue", subject: d.table, data });
    }
    findings.push(...(await auditLog(params, check)));
    return { facts: { now: at.toISOString(), datasets: facts }, findings };
  },
});

async function auditLog(params: PgRetentionParams, check: (d: Dataset) => Promise<Awaited<ReturnType<typeof observeRetention>>[number] | string | null>): Promise<F[]> {
  if (params.audit_log === undefined) return [{ aspect: "audit_log_retention", status: "not_applicable", messageId: "log_undeclared" }];
  const { log_retention_min_days: min, log_retention_max_days: max } = params;
  if (min === undefined || max === undefined) return [{ aspect: "audit_log_retention", status: "error", messageId: "log_range_missing" }];
  const [d] = parseDatasets([params.audit_log]);
  if (!d) return [];
  const base = { table: d.table, days: d.retentionDays, min, max };
  if (retentionRange(d.retentionDays, min, max) !== "within") return [{ aspect: "audit_log_retention", status: "fail", messageId: "log_out_of_range", subject: d.table, data: base }];
  const o = await check(d);
  if (o === null || typeof o === "string") return [{ aspect: "audit_log_retention", status: "error", messageId: "dataset_error", subject: d.table, data: { table: d.table, reason: o ?? "no result" } }];
  const grace = d.graceDays ?? params.grace_days;
  return o.overdue > 0
    ? [{ aspect: "audit_log_retention", status: "fail", messageId: "log_overdue", subject: d.table, data: { ...base, grace, overdue: o.overdue } }]
    : [{ aspect: "audit_log_retention", status: "pass", messageId: "log_ok", subject: d.table, data: { ...base, oldest: o.oldestAgeDays ?? "n/a" } }];
}
