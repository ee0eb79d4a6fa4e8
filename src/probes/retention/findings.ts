/**
 * @module The `retention` probe's judgement, the same on every database: aspects, message ids and
 * wording, the params schema, and the findings and facts for the declared datasets and the audit
 * log. A missing or denied table is an `error` finding for that dataset (the SQL layer's
 * `objectFailure`); connection-class errors end the probe.
 */
import type { JsonObject } from "../../model/json.js";
import type { ProbeFinding } from "../define.js";
import {
  observeRetention,
  parseDatasets,
  retentionRange,
  type Dataset,
  type DatasetObservation,
} from "../shared/retention.js";
import { objectFailure } from "../../targets/sql/errors.js";
import type { SqlSource } from "../../targets/sql/sql.js";

export interface RetentionParams {
  readonly datasets?: readonly unknown[];
  readonly grace_days: number;
  /** `{ table, timestamp_column, retention_days }` of the audit log table. */
  readonly audit_log?: unknown;
  readonly log_retention_min_days?: number;
  readonly log_retention_max_days?: number;
}

export const aspects = {
  datasets: "No personal-data row is kept past its declared retention (plus grace)",
  audit_log_retention: "Audit-log retention lies within [min, max] days and is enforced",
} as const;

/** Same ids and wording on every database, so reports read alike. */
export const messages = {
  datasetsInvalid: "{{reason}}",
  datasetOk: "{{table}}: no row older than {{days}} + {{grace}} days ({{rows}} rows, oldest {{oldest}} days)",
  datasetOverdue:
    "{{table}}: {{overdue}} of {{rows}} rows are older than {{days}} + {{grace}} days (oldest {{oldest}} days)",
  datasetError: "{{table}} cannot be checked: {{reason}}",
  noDatasets: "no retention datasets declared for this target",
  logOk:
    "audit log {{table}}: retention {{days}} days within [{{min}}, {{max}}], no row past it (oldest {{oldest}} days)",
  logOutOfRange: "audit log {{table}}: declared retention {{days}} days is outside [{{min}}, {{max}}]",
  logOverdue: "audit log {{table}}: {{overdue}} rows are older than the declared {{days}} + {{grace}} days",
  logUndeclared: "no audit log table declared for this target",
  logRangeMissing: "no audit-log retention range given (log_retention_min_days, log_retention_max_days)",
} as const;

export type RetentionFinding = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

const dataset = {
  type: "object",
  additionalProperties: false,
  required: ["table", "timestamp_column", "retention_days"],
  properties: {
    table: { type: "string" },
    timestamp_column: { type: "string" },
    retention_days: { type: "number", minimum: 0 },
    grace_days: { type: "number", minimum: 0 },
  },
} as const;

export const paramsSchema = {
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
} as const;

type DatasetFacts =
  | { overdue: number; rows: number; oldest_age_days: number | null; cutoff: string }
  | { error: string };
type Observe = (d: Dataset) => Promise<DatasetObservation | string>;

/**
 * Facts and findings: one finding per dataset (`no_datasets` for none; nothing when `datasets` is
 * null, i.e. the caller reported them invalid), then the audit log's.
 */
export async function retentionOutput(
  params: RetentionParams,
  datasets: readonly Dataset[] | null,
  at: Date,
  source: SqlSource,
  signal: AbortSignal,
): Promise<{ facts: JsonObject; findings: RetentionFinding[] }> {
  const facts: Record<string, DatasetFacts> = {};
  const observe: Observe = async (d) => {
    try {
      const [o] = await observeRetention("retention", source, [d], at, params.grace_days, signal);
      if (!o) return "no result";
      facts[d.table] = { overdue: o.overdue, rows: o.rows, oldest_age_days: o.oldestAgeDays, cutoff: o.cutoff };
      return o;
    } catch (err) {
      // A missing table or privilege stays with its dataset; connection-class errors end the probe.
      const reason = objectFailure(err);
      if (reason === undefined) throw err;
      facts[d.table] = { error: reason };
      return reason;
    }
  };
  const findings: RetentionFinding[] = [];
  if (datasets?.length === 0) findings.push({ aspect: "datasets", status: "not_applicable", messageId: "noDatasets" });
  for (const d of datasets ?? []) {
    const o = await observe(d);
    const grace = d.graceDays ?? params.grace_days;
    if (typeof o === "string") {
      findings.push({
        aspect: "datasets",
        status: "error",
        messageId: "datasetError",
        subject: d.table,
        data: { table: d.table, reason: o },
      });
      continue;
    }
    const data = {
      table: d.table,
      days: d.retentionDays,
      grace,
      rows: o.rows,
      overdue: o.overdue,
      oldest: o.oldestAgeDays ?? "n/a",
    };
    findings.push({
      aspect: "datasets",
      status: o.overdue === 0 ? "pass" : "fail",
      messageId: o.overdue === 0 ? "datasetOk" : "datasetOverdue",
      subject: d.table,
      data,
    });
  }
  findings.push(...(await auditLog(params, observe)));
  return { facts: { now: at.toISOString(), datasets: facts }, findings };
}

/** The declared retention must lie within [min, max] (else the table is not queried), and no row may outlive it. */
async function auditLog(params: RetentionParams, observe: Observe): Promise<RetentionFinding[]> {
  if (params.audit_log === undefined)
    return [{ aspect: "audit_log_retention", status: "not_applicable", messageId: "logUndeclared" }];
  const { log_retention_min_days: min, log_retention_max_days: max } = params;
  if (min === undefined || max === undefined)
    return [{ aspect: "audit_log_retention", status: "error", messageId: "logRangeMissing" }];
  const [d] = parseDatasets([params.audit_log]);
  if (!d) return [];
  const base = { table: d.table, days: d.retentionDays, min, max };
  if (retentionRange(d.retentionDays, min, max) !== "within")
    return [
      { aspect: "audit_log_retention", status: "fail", messageId: "logOutOfRange", subject: d.table, data: base },
    ];
  const o = await observe(d);
  if (typeof o === "string")
    return [
      {
        aspect: "audit_log_retention",
        status: "error",
        messageId: "datasetError",
        subject: d.table,
        data: { table: d.table, reason: o },
      },
    ];
  const grace = d.graceDays ?? params.grace_days;
  return o.overdue > 0
    ? [
        {
          aspect: "audit_log_retention",
          status: "fail",
          messageId: "logOverdue",
          subject: d.table,
          data: { ...base, grace, overdue: o.overdue },
        },
      ]
    : [
        {
          aspect: "audit_log_retention",
          status: "pass",
          messageId: "logOk",
          subject: d.table,
          data: { ...base, oldest: o.oldestAgeDays ?? "n/a" },
        },
      ];
}
