/**
 * @module How a set of backups is judged, whatever lists it: a backup tool's JSON catalog
 * (`backup_catalog`: pgBackRest, WAL-G, Barman) or Oracle's RMAN job history (`ora_recovery`).
 * Both probes declare these aspects and messages and call `judgeBackupSet`, so the same profile
 * thresholds (`backup.max_age_hours`, `backup.min_retention_days`) mean the same on every estate.
 */
import { verdict, type ProbeFinding } from "../define.js";
import type { CatalogSet } from "./backup-catalog.js";

export const BACKUP_ASPECTS = {
  catalog: "The catalog can be read and the tool reports no problem with the stanza or repository",
  last_backup: "The last successful backup is younger than the recovery point objective",
  full_backup: "A successful full backup exists to restore from",
  failures: "No backup in the catalog is marked failed",
  retention: "Restore points reach back at least the minimum retention",
} as const;

export const BACKUP_MESSAGES = {
  catalogUnreadable: "The backup catalog cannot be read: {{reason}}",
  catalogEmpty: "The catalog lists no stanza or server",
  toolOk: "{{tool}} reports {{set}} healthy",
  toolProblem: "{{tool}} reports a problem with {{set}}: {{problem}}",
  lastBackupOk: "Last successful backup of {{set}} finished {{hours}} h ago (at most {{max}} h)",
  lastBackupStale: "Last successful backup of {{set}} finished {{hours}} h ago, older than the {{max}} h objective",
  noBackup: "{{set}} has no successful backup",
  fullOk: "{{set}} has {{count}} successful full backup(s), the latest {{hours}} h old",
  noFull: "{{set}} has no successful full backup to restore from",
  noFailures: "No failed backup among the {{count}} of {{set}}",
  failedBackups: "{{failed}} of the {{count}} backups of {{set}} are marked failed (latest {{latest}})",
  retentionOk: "Restore points of {{set}} reach back {{days}} days (at least {{min}})",
  retentionShort: "Restore points of {{set}} reach back only {{days}} days (minimum {{min}})",
} as const;

export type BackupFinding = ProbeFinding<keyof typeof BACKUP_MESSAGES, keyof typeof BACKUP_ASPECTS>;

export interface BackupThresholds {
  /** Recovery point objective in hours. */
  readonly max_age_hours: number;
  readonly min_retention_days: number;
}

const HOUR = 3_600_000;
const round = (n: number) => Math.round(n * 10) / 10;

export function judgeBackupSet(tool: string, set: CatalogSet, p: BackupThresholds, now: Date): BackupFinding[] {
  const out: BackupFinding[] = [];
  const s = { set: set.name, tool };
  const subject = set.name;
  if (set.problems.length === 0) out.push({ aspect: "catalog", status: "pass", messageId: "toolOk", subject, data: s });
  for (const problem of set.problems)
    out.push({ aspect: "catalog", status: "fail", messageId: "toolProblem", subject, data: { ...s, problem } });
  const ok = set.backups.filter((b) => b.ok).sort((a, b) => b.stop.getTime() - a.stop.getTime());
  const age = (d: Date) => round((now.getTime() - d.getTime()) / HOUR);
  const latest = ok[0];
  if (!latest) out.push({ aspect: "last_backup", status: "fail", messageId: "noBackup", subject, data: s });
  else {
    const hours = age(latest.stop);
    out.push(
      verdict(
        "last_backup",
        hours <= p.max_age_hours,
        ["lastBackupOk", "lastBackupStale"],
        { ...s, hours, max: p.max_age_hours },
        subject,
      ),
    );
  }
  const fulls = ok.filter((b) => b.kind === "full");
  out.push(
    fulls[0]
      ? {
          aspect: "full_backup",
          status: "pass",
          messageId: "fullOk",
          subject,
          data: { ...s, count: fulls.length, hours: age(fulls[0].stop) },
        }
      : { aspect: "full_backup", status: "fail", messageId: "noFull", subject, data: s },
  );
  const failed = set.backups.filter((b) => !b.ok).sort((a, b) => b.stop.getTime() - a.stop.getTime());
  out.push(
    failed[0]
      ? {
          aspect: "failures",
          status: "fail",
          messageId: "failedBackups",
          subject,
          data: { ...s, failed: failed.length, count: set.backups.length, latest: failed[0].id },
        }
      : {
          aspect: "failures",
          status: "pass",
          messageId: "noFailures",
          subject,
          data: { ...s, count: 0 + set.backups.length },
        },
  );
  const oldest = ok[ok.length - 1];
  if (oldest) {
    const days = round(age(oldest.stop) / 24);
    out.push(
      verdict(
        "retention",
        days >= p.min_retention_days,
        ["retentionOk", "retentionShort"],
        { ...s, days, min: p.min_retention_days },
        subject,
      ),
    );
  } else out.push({ aspect: "retention", status: "fail", messageId: "noBackup", subject, data: s });
  return out;
}
