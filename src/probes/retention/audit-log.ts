/**
 * @module The audit log's retention, judged from its data: the declared retention (when given) must
 * lie within the profile's [min, max] days; no entry may be older than the declared retention (or
 * the maximum) plus grace; and the oldest entry still present must be at least the minimum old —
 * younger means entries were deleted early, unless the log itself started later (`since`).
 */
import type { Dataset, DatasetObservation } from "../shared/retention.js";
import { retentionRange } from "../shared/retention.js";
import type { RetentionFinding } from "./messages.js";

export interface AuditLogDecl {
  readonly table: string;
  readonly timestamp_column: string;
  readonly retention_days?: number;
  readonly grace_days?: number;
  /** The day the log started (YYYY-MM-DD): a log younger than the minimum cannot hold older entries. */
  readonly since?: string;
}

const DAY_MS = 86_400_000;
/** A purge that keeps exactly the minimum leaves an oldest entry a few hours short of it. */
const PURGE_TOLERANCE_DAYS = 1;
const aspect = "audit_log_retention";

export async function auditLogFindings(
  log: AuditLogDecl,
  range: { readonly min: number; readonly max: number; readonly grace: number },
  at: Date,
  observe: (d: Dataset) => Promise<DatasetObservation | string>,
): Promise<RetentionFinding[]> {
  const { min, max } = range;
  const table = log.table;
  const declared = log.retention_days;
  if (declared !== undefined && retentionRange(declared, min, max) !== "within")
    return [
      { aspect, status: "fail", messageId: "logOutOfRange", subject: table, data: { table, days: declared, min, max } },
    ];
  const grace = log.grace_days ?? range.grace;
  const d: Dataset = { table, timestampColumn: log.timestamp_column, retentionDays: declared ?? max, graceDays: grace };
  const o = await observe(d);
  if (typeof o === "string")
    return [{ aspect, status: "error", messageId: "datasetError", subject: table, data: { table, reason: o } }];
  const kept = declared === undefined ? `the maximum ${max}` : `the declared ${declared}`;
  const out: RetentionFinding[] = [];
  if (o.overdue > 0)
    out.push({
      aspect,
      status: "fail",
      messageId: "logOverdue",
      subject: table,
      data: { table, overdue: o.overdue, kept, grace, oldest: o.oldestAgeDays ?? "n/a" },
    });
  if (o.oldestAgeDays === null) {
    out.push({ aspect, status: "fail", messageId: "logEmpty", subject: table, data: { table, min } });
    return out;
  }
  const started = log.since === undefined ? null : Math.floor((at.getTime() - Date.parse(log.since)) / DAY_MS);
  const needed = started === null ? min : Math.min(min, started);
  if (o.oldestAgeDays < needed - PURGE_TOLERANCE_DAYS)
    out.push({
      aspect,
      status: "fail",
      messageId: started !== null && started < min ? "logTooYoungSince" : "logTooYoung",
      subject: table,
      data: { table, oldest: o.oldestAgeDays, min, needed, since: log.since ?? "" },
    });
  if (out.length === 0)
    out.push({
      aspect,
      status: "pass",
      messageId: started !== null && started < min ? "logOkSince" : "logOk",
      subject: table,
      data: { table, oldest: o.oldestAgeDays, min, max, kept, since: log.since ?? "" },
    });
  return out;
}
