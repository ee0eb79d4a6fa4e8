/**
 * @module The `retention` probe's judgement, the same on every database: aspects, message ids and
 * wording, the params schema, and the findings and facts for the declared datasets and the audit
 * log. A missing or denied table is an `error` finding for that dataset (the SQL layer's
 * `objectFailure`); connection-class errors end the probe.
 */
import type { JsonObject } from "../../model/json.js";
import { Type } from "@sinclair/typebox";
import type { ParamsOf } from "../define.js";
import { paramsObject } from "../params.js";
import { observeRetention, type Dataset, type DatasetObservation } from "../shared/retention.js";
import { auditLogFindings } from "./audit-log.js";
import type { RetentionFinding } from "./messages.js";
import { objectFailure } from "../../targets/sql/errors.js";
import type { SqlSource } from "../../targets/sql/sql.js";

const dataset = Type.Object(
  {
    table: Type.String(),
    timestamp_column: Type.String(),
    retention_days: Type.Number({ minimum: 0 }),
    grace_days: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const auditLogSchema = Type.Object(
  {
    table: Type.String(),
    timestamp_column: Type.String(),
    retention_days: Type.Optional(Type.Number({ minimum: 0 })),
    grace_days: Type.Optional(Type.Number({ minimum: 0 })),
    since: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
  },
  { additionalProperties: false },
);

export const params = paramsObject({
  /** `{ table, timestamp_column, retention_days, grace_days? }` per personal-data table. */
  datasets: Type.Optional(Type.Array(dataset)),
  grace_days: Type.Number({ minimum: 0 }),
  /** The audit log table; `retention_days` is optional (the data is judged either way), `since` the day it started. */
  audit_log: Type.Optional(auditLogSchema),
  log_retention_min_days: Type.Optional(Type.Number({ minimum: 0 })),
  log_retention_max_days: Type.Optional(Type.Number({ minimum: 0 })),
});

export type RetentionParams = ParamsOf<typeof params>;

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
  findings.push(...(await auditLog(params, at, observe)));
  return { facts: { now: at.toISOString(), datasets: facts }, findings };
}

async function auditLog(params: RetentionParams, at: Date, observe: Observe): Promise<RetentionFinding[]> {
  if (params.audit_log === undefined)
    return [{ aspect: "audit_log_retention", status: "not_applicable", messageId: "logUndeclared" }];
  const { log_retention_min_days: min, log_retention_max_days: max } = params;
  if (min === undefined || max === undefined)
    return [{ aspect: "audit_log_retention", status: "error", messageId: "logRangeMissing" }];
  return auditLogFindings(params.audit_log, { min, max, grace: params.grace_days }, at, observe);
}
