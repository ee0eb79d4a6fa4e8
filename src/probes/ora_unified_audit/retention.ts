/**
 * @module The audit trails an Oracle database writes and how long each keeps its records, from its
 * audit-management settings. An enabled cleanup job that honours the last-archive timestamp purges
 * records older than that timestamp, so the kept period is `now − LAST_ARCHIVE_TS`; one that
 * ignores it purges everything at each run (the kept period is about one job interval); without a
 * job nothing is ever purged. The range verdict itself is the shared `retentionRange` (same rule as
 * PostgreSQL and files).
 *
 * Trail names are those of DBA_AUDIT_MGMT_CLEANUP_JOBS.AUDIT_TRAIL and
 * DBA_AUDIT_MGMT_LAST_ARCH_TS.AUDIT_TRAIL
 * (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_AUDIT_MGMT_CLEANUP_JOBS.html);
 * 23ai reports the unified trail's table and files separately.
 */
import { retentionRange, type RangeVerdict } from "../shared/retention.js";
import { ageDays, yes } from "../shared/oracle-names.js";

export type TrailId = "unified" | "standard" | "fga" | "os" | "xml";

export interface Trail {
  readonly id: TrailId;
  readonly label: string;
  /** Cleanup-job trail names whose job purges this trail. */
  readonly jobs: ReadonlySet<string>;
  /** Last-archive-timestamp trail names of this trail. */
  readonly archive: ReadonlySet<string>;
}

const ALL = "ALL AUDIT TRAILS";
const UNIFIED = ["UNIFIED AUDIT TRAIL", "UNIFIED AUDIT TRAIL TABLE", "UNIFIED AUDIT TRAIL FILES"];
const trail = (id: TrailId, label: string, jobs: readonly string[], archive: readonly string[]): Trail => ({
  id,
  label,
  jobs: new Set([...jobs, ALL]),
  archive: new Set(archive),
});
const SF = "STANDARD AND FGA AUDIT TRAIL";
const OX = "OS AND XML AUDIT TRAIL";

export const TRAILS: Readonly<Record<TrailId, Trail>> = {
  unified: trail("unified", "unified audit trail", UNIFIED, UNIFIED),
  standard: trail("standard", "standard audit trail (AUD$)", ["STANDARD AUDIT TRAIL", SF], ["STANDARD AUDIT TRAIL"]),
  fga: trail("fga", "fine-grained audit trail (FGA_LOG$)", ["FGA AUDIT TRAIL", SF], ["FGA AUDIT TRAIL"]),
  os: trail("os", "OS audit files (AUDIT_FILE_DEST)", ["OS AUDIT TRAIL", OX], ["OS AUDIT TRAIL"]),
  xml: trail("xml", "XML audit files (AUDIT_FILE_DEST)", ["XML AUDIT TRAIL", OX], ["XML AUDIT TRAIL"]),
};

/**
 * Trails written besides the unified one in mixed mode, from the AUDIT_TRAIL and
 * AUDIT_SYS_OPERATIONS parameters (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/AUDIT_TRAIL.html):
 * DB and DB, EXTENDED write AUD$ and FGA_LOG$; OS writes OS files; XML and XML, EXTENDED write XML
 * files; SYS operations audited with AUDIT_SYS_OPERATIONS = TRUE go to OS files unless AUDIT_TRAIL
 * is XML. With pure unified auditing none of them is written.
 */
export function traditionalTrails(auditTrail: string, sysOperations: string): TrailId[] {
  const t = auditTrail.toUpperCase().replace(/\s+/g, "");
  const out: TrailId[] = [];
  if (t === "DB" || t === "DB,EXTENDED" || t === "TRUE") out.push("standard", "fga");
  if (t === "OS") out.push("os");
  if (t.startsWith("XML")) out.push("xml");
  if (sysOperations.toUpperCase() === "TRUE" && !t.startsWith("XML") && !out.includes("os")) out.push("os");
  return out;
}

export interface KeptPeriod {
  /** Days kept by the purge configuration, null when unbounded (no purge). */
  readonly days: number | null;
  readonly basis: "last_archive_timestamp" | "job_interval" | "no_purge_job" | "no_archive_timestamp";
  readonly verdict: RangeVerdict | "unbounded";
}

export interface Job {
  readonly JOB_NAME: string;
  readonly JOB_STATUS: string;
  readonly AUDIT_TRAIL: string;
  readonly JOB_FREQUENCY: string | null;
  readonly USE_LAST_ARCHIVE_TIMESTAMP: string;
}

/** The enabled cleanup job that purges a trail, if any. */
export function purgeJob<J extends Job>(trail: Trail, jobs: readonly J[]): J | undefined {
  return jobs.find((j) => j.JOB_STATUS === "ENABLED" && trail.jobs.has(j.AUDIT_TRAIL));
}

/** The oldest of a trail's last-archive timestamps: with several RAC instances it is purged up to that one. */
export function lastArchive(
  trail: Trail,
  rows: readonly { readonly AUDIT_TRAIL: string; readonly LAST_ARCHIVE_TS: Date | null }[],
): Date | null {
  const stamps = rows
    .filter((a) => trail.archive.has(a.AUDIT_TRAIL))
    .map((a) => a.LAST_ARCHIVE_TS)
    .filter((d): d is Date => d instanceof Date);
  return stamps.length > 0 ? new Date(Math.min(...stamps.map((d) => d.getTime()))) : null;
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
  job: Job | undefined,
  archived: Date | null,
  now: Date,
  minDays: number,
  maxDays: number,
): KeptPeriod {
  if (!job) return { days: null, basis: "no_purge_job", verdict: "unbounded" };
  if (!yes(job.USE_LAST_ARCHIVE_TIMESTAMP)) {
    const days = jobIntervalDays(job.JOB_FREQUENCY);
    return { days, basis: "job_interval", verdict: retentionRange(days, minDays, maxDays) };
  }
  if (archived === null) return { days: null, basis: "no_archive_timestamp", verdict: "unbounded" };
  const days = ageDays(archived, now);
  return { days, basis: "last_archive_timestamp", verdict: retentionRange(days, minDays, maxDays) };
}
