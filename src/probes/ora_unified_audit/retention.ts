/**
 * @module How long Oracle keeps unified audit records, from its audit-management settings. An
 * enabled cleanup job that honours the last-archive timestamp purges records older than that
 * timestamp, so the kept period is `now − LAST_ARCHIVE_TS`; one that ignores it purges everything
 * at each run (the kept period is about one job interval); without a job nothing is ever purged.
 * The range verdict itself is the shared `retentionRange` (same rule as PostgreSQL and files).
 */
import { retentionRange, type RangeVerdict } from "../shared/retention.js";
import { ageDays, yes } from "../shared/oracle-names.js";

/** Trail names in DBA_AUDIT_MGMT_* views; 23ai reports the unified trail's table and files separately. */
export const UNIFIED_TRAILS = new Set([
  "UNIFIED AUDIT TRAIL",
  "ALL AUDIT TRAILS",
  "UNIFIED AUDIT TRAIL TABLE",
  "UNIFIED AUDIT TRAIL FILES",
]);

export interface KeptPeriod {
  /** Days kept by the purge configuration, null when unbounded (no purge). */
  readonly days: number | null;
  readonly basis: "last_archive_timestamp" | "job_interval" | "no_purge_job" | "no_archive_timestamp";
  readonly verdict: RangeVerdict | "unbounded";
}

interface Job {
  readonly JOB_STATUS: string;
  readonly AUDIT_TRAIL: string;
  readonly JOB_FREQUENCY: string | null;
  readonly USE_LAST_ARCHIVE_TIMESTAMP: string;
}

/** `FREQ=HOURLY;INTERVAL=24` (scheduler syntax) or plain hours → days; 1 day when unreadable. */
export function jobIntervalDays(freq: string | null): number {
  const f = freq ?? "";
  const interval = Number(/INTERVAL=(\d+)/i.exec(f)?.[1] ?? 1);
  if (/HOURLY/i.test(f)) return Math.max(0, Math.ceil(interval / 24));
  if (/DAILY/i.test(f)) return interval;
  const hours = Number(f);
  return Number.isFinite(hours) && hours > 0 ? Math.ceil(hours / 24) : 1;
}

export function keptPeriod(
  jobs: readonly Job[],
  lastArchive: Date | null,
  now: Date,
  minDays: number,
  maxDays: number,
): KeptPeriod {
  const job = jobs.find((j) => j.JOB_STATUS === "ENABLED" && UNIFIED_TRAILS.has(j.AUDIT_TRAIL));
  if (!job) return { days: null, basis: "no_purge_job", verdict: "unbounded" };
  if (!yes(job.USE_LAST_ARCHIVE_TIMESTAMP)) {
    const days = jobIntervalDays(job.JOB_FREQUENCY);
    return { days, basis: "job_interval", verdict: retentionRange(days, minDays, maxDays) };
  }
  if (lastArchive === null) return { days: null, basis: "no_archive_timestamp", verdict: "unbounded" };
  const days = ageDays(lastArchive, now);
  return { days, basis: "last_archive_timestamp", verdict: retentionRange(days, minDays, maxDays) };
}
