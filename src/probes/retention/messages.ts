/** @module Aspects and messages of `retention`, the same on every database so reports read alike. */
import type { ProbeFinding } from "../define.js";

export const ASPECTS = {
  datasets: "No personal-data row is kept past its declared retention (plus grace)",
  audit_log_retention:
    "Audit-log retention lies within [min, max] days: as declared, and in the data (oldest entry at least min, none past the retention)",
} as const;

/** Same ids and wording on every database, so reports read alike. */
export const MESSAGES = {
  datasetsInvalid: "{{reason}}",
  datasetOk: "{{table}}: no row older than {{days}} + {{grace}} days ({{rows}} rows, oldest {{oldest}} days)",
  datasetOverdue:
    "{{table}}: {{overdue}} of {{rows}} rows are older than {{days}} + {{grace}} days (oldest {{oldest}} days)",
  datasetError: "{{table}} cannot be checked: {{reason}}",
  noDatasets: "no retention datasets declared for this target",
  logOk:
    "audit log {{table}}: oldest entry {{oldest}} days old, at least the minimum {{min}} days; none older than {{kept}} days",
  logOkSince:
    "audit log {{table}}: oldest entry {{oldest}} days old, every entry since the log started on {{since}} is kept (minimum {{min}} days); none older than {{kept}} days",
  logOutOfRange: "audit log {{table}}: declared retention {{days}} days is outside [{{min}}, {{max}}]",
  logOverdue:
    "audit log {{table}}: {{overdue}} entries are older than {{kept}} + {{grace}} days (oldest {{oldest}} days)",
  logTooYoung:
    "audit log {{table}}: the oldest entry is {{oldest}} days old, less than the minimum retention of {{min}} days: older entries are gone (declare `since` if the log started later)",
  logTooYoungSince:
    "audit log {{table}}: the oldest entry is {{oldest}} days old, but the log started on {{since}} ({{needed}} days ago): older entries are gone",
  logEmpty: "audit log {{table}} holds no entry: nothing is kept for the minimum of {{min}} days",
  logUndeclared: "no audit log table declared for this target",
  logRangeMissing: "no audit-log retention range given (log_retention_min_days, log_retention_max_days)",
} as const;

export type RetentionFinding = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
