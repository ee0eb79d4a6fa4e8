/** @module Aspects and message templates of `ora_recovery`: the shared backup-set ones plus archiving and Data Guard. */
import { BACKUP_ASPECTS, BACKUP_MESSAGES } from "../shared/backup-findings.js";

export const ASPECTS = {
  ...BACKUP_ASPECTS,
  archiving: "The database runs in ARCHIVELOG mode (point-in-time recovery and online backups)",
  archiver: "Every local archive destination in use is valid (not in error, not full)",
  replication:
    "Data Guard: enough standby destinations valid without a gap; on a standby, the apply lag within the bound",
} as const;

export const MESSAGES = {
  ...BACKUP_MESSAGES,
  backupsUnreadable: "RMAN job history cannot be read: {{reason}}",
  archiveLogOn: "{{db}} runs in ARCHIVELOG mode (force logging {{force}})",
  archiveLogOff:
    "{{db}} runs in {{mode}} mode: no point-in-time recovery, and only consistent (closed) backups are possible",
  archiveDestsOk: "{{count}} local archive destination(s) valid",
  archiveDestFailing: "Archive destination {{dest}} is {{status}}: {{error}}",
  archiveDestsNone: "No local archive destination is in use",
  destinationsUnreadable: "Archive destinations cannot be read: {{reason}}",
  standbysOk:
    "{{count}} standby destination(s) valid without a redo gap (at least {{min}}); apply lag is judged on each standby target",
  tooFewStandbys: "{{count}} valid standby destination(s), fewer than the {{min}} a failover needs",
  standbyDestFailing: "Standby destination {{dest}} ({{type}}) is {{status}}, gap {{gap}}: {{error}}",
  applyLagOk:
    "This {{role}} applies redo {{lag}} s behind its primary (at most {{max}} s; transport lag {{transport}})",
  applyLagTooHigh:
    "This {{role}} applies redo {{lag}} s behind its primary, more than {{max}} s (transport lag {{transport}})",
  lagsUnreadable: "Data Guard lags cannot be read: {{reason}}",
  applyLagUnknown:
    "This {{role}} reports no apply lag (V$DATAGUARD_STATS): redo apply is not running or no redo arrives from the primary",
} as const;
