/**
 * @module `pg_recovery`: what a PostgreSQL server itself shows about recoverability. WAL archiving
 * is on with a command or library; the archiver is not failing and has archived up to the segment
 * before the current one, or did so within the recovery point objective (`pg_stat_archiver`);
 * for a failover claim, enough standbys stream with a replay lag within the bound
 * (`pg_stat_replication`). The backup catalog itself is `backup_catalog`'s.
 */
import { selectFrom, statement, type SqlTarget } from "../../targets/sql/sql.js";
import { defineProbe } from "../define.js";
import { Frag, paramsObject } from "../params.js";
import { ASPECTS, MESSAGES, type F } from "./messages.js";

const params = paramsObject({
  /** Recovery point objective: the archiver must have archived within this many hours (when WAL is waiting). */
  max_age_hours: Frag.positive(),
  /** Standbys a failover claim needs (0: none required). */
  min_standbys: Frag.count(),
  /** Largest acceptable replay lag of a standby, in bytes. */
  max_lag_bytes: Frag.count(),
});

const SETTINGS = selectFrom<{ name: string; setting: string }>({
  name: "pg_recovery.settings",
  view: "pg_settings",
  columns: ["name", "setting"],
  rest: "WHERE name IN ('archive_mode', 'archive_command', 'archive_library', 'wal_segment_size')",
});

interface ArchiverRow extends Record<string, unknown> {
  archived_count: string;
  failed_count: string;
  last_archived_wal: string | null;
  last_archived_time: Date | null;
  last_failed_time: Date | null;
  current_wal: string | null;
}
const ARCHIVER = statement<ArchiverRow>({
  name: "pg_recovery.archiver",
  sql: `SELECT archived_count, failed_count, last_archived_wal, last_archived_time, last_failed_time,
    CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_walfile_name(pg_current_wal_lsn()) END AS current_wal
    FROM pg_stat_archiver`,
  views: ["pg_stat_archiver"],
  columns: [
    "archived_count",
    "failed_count",
    "last_archived_wal",
    "last_archived_time",
    "last_failed_time",
    "current_wal",
  ],
});

interface StandbyRow extends Record<string, unknown> {
  application_name: string;
  state: string | null;
  sync_state: string | null;
  lag_bytes: string | null;
  in_recovery: boolean;
  /** A replication connection exists (its pid is always visible) while its details are hidden from this role. */
  hidden: boolean;
}
const STANDBYS = statement<StandbyRow>({
  name: "pg_recovery.standbys",
  sql: `SELECT application_name, state, sync_state,
    CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text END AS lag_bytes,
    pg_is_in_recovery() AS in_recovery, (pid IS NOT NULL AND state IS NULL) AS hidden
    FROM pg_stat_replication RIGHT JOIN (SELECT 1) one ON true`,
  views: ["pg_stat_replication"],
  columns: ["application_name", "state", "sync_state", "lag_bytes", "in_recovery", "hidden"],
});

const HOUR = 3_600_000;

/** Segment number of a WAL file name (timeline left out), given the segment size in bytes. */
export function segmentNumber(wal: string, segmentSize: number): number {
  const perLog = 0x100000000 / segmentSize;
  return parseInt(wal.slice(8, 16), 16) * perLog + parseInt(wal.slice(16, 24), 16);
}

export default defineProbe({
  meta: {
    id: "pg_recovery",
    version: "1.1.0",
    title: "PostgreSQL WAL archiving and streaming standbys",
    description:
      "Checks that WAL archiving is on and its archiver current and not failing (pg_stat_archiver), and that enough standbys stream within a replay-lag bound (pg_stat_replication).",
    targetTypes: ["postgres"],
    params,
    privileges: [
      "GRANT pg_read_all_settings TO <auditor>; -- archive_mode, archive_command, archive_library",
      "GRANT pg_read_all_stats TO <auditor>; -- replication details in pg_stat_replication",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target, signal, now }) {
    const db: SqlTarget = target.handle;
    const { settings, archiver, standbys } = await db.readOnly(async (src) => {
      const s = await src.query(SETTINGS, [], signal);
      const [a] = await src.query(ARCHIVER, [], signal);
      const r = await src.query(STANDBYS, [], signal);
      return { settings: new Map(s.map((x) => [x.name, x.setting])), archiver: a, standbys: r };
    }, signal);
    const findings: F[] = [];
    const mode = settings.get("archive_mode");
    const command = settings.get("archive_command") ?? "";
    const library = settings.get("archive_library") ?? "";
    let on = false;
    if (mode === undefined || !settings.has("archive_command"))
      findings.push({ aspect: "archiving", status: "error", messageId: "settingsHidden" });
    else if (mode === "off")
      findings.push({ aspect: "archiving", status: "fail", messageId: "archivingOff", data: { mode } });
    else if ((command === "" || command === "(disabled)") && library === "")
      findings.push({ aspect: "archiving", status: "fail", messageId: "archivingNoCommand", data: { mode } });
    else {
      on = true;
      findings.push({
        aspect: "archiving",
        status: "pass",
        messageId: "archivingOn",
        data: { mode, via: library ? `archive_library ${library}` : "an archive_command" },
      });
    }
    const at = now();
    if (!on) findings.push({ aspect: "archiver", status: "not_applicable", messageId: "archiverOff" });
    else if (archiver) {
      const ok = archiver.last_archived_time;
      const bad = archiver.last_failed_time;
      const hours = ok ? Math.round(((at.getTime() - ok.getTime()) / HOUR) * 10) / 10 : null;
      if (bad && (!ok || bad > ok))
        findings.push({
          aspect: "archiver",
          status: "fail",
          messageId: "archiverFailing",
          data: {
            failed: bad.toISOString(),
            archived: ok?.toISOString() ?? "never",
            count: Number(archiver.failed_count),
          },
        });
      else if (!ok || !archiver.last_archived_wal)
        findings.push({ aspect: "archiver", status: "fail", messageId: "nothingArchived" });
      else {
        const size = Number(settings.get("wal_segment_size") ?? 16777216);
        const current = archiver.current_wal;
        const upToDate =
          current !== null && segmentNumber(archiver.last_archived_wal, size) >= segmentNumber(current, size) - 1;
        const fresh = upToDate || (hours !== null && hours <= p.max_age_hours);
        findings.push({
          aspect: "archiver",
          status: fresh ? "pass" : "fail",
          messageId: fresh ? "archiverCurrent" : "archiverStale",
          data: { wal: archiver.last_archived_wal, hours: hours ?? 0, max: p.max_age_hours },
        });
      }
    }
    const streaming = standbys.filter((s) => s.application_name !== null && s.state !== null);
    const hidden = standbys.filter((s) => s.hidden).length;
    if (standbys[0]?.in_recovery)
      findings.push({ aspect: "replication", status: "not_applicable", messageId: "isStandby" });
    else if (hidden > 0)
      // Counting them as absent would be a false "too few standbys"; the role cannot decide it.
      findings.push({ aspect: "replication", status: "error", messageId: "replicationHidden", data: { hidden } });
    else {
      let worst = 0;
      for (const s of streaming) {
        if (s.state !== "streaming")
          findings.push({
            aspect: "replication",
            status: "fail",
            messageId: "standbyNotStreaming",
            subject: s.application_name,
            data: { name: s.application_name, state: s.state ?? "unknown" },
          });
        const lag = Number(s.lag_bytes ?? 0);
        worst = Math.max(worst, lag);
        if (lag > p.max_lag_bytes)
          findings.push({
            aspect: "replication",
            status: "fail",
            messageId: "standbyLagging",
            subject: s.application_name,
            data: { name: s.application_name, lag, max: p.max_lag_bytes },
          });
      }
      const count = streaming.filter((s) => s.state === "streaming").length;
      if (count < p.min_standbys)
        findings.push({
          aspect: "replication",
          status: "fail",
          messageId: "tooFewStandbys",
          data: { count, min: p.min_standbys },
        });
      else if (!findings.some((f) => f.aspect === "replication"))
        findings.push({
          aspect: "replication",
          status: "pass",
          messageId: "standbysOk",
          data: { count, min: p.min_standbys, lag: worst, max: p.max_lag_bytes },
        });
    }
    return {
      facts: {
        archiveMode: mode ?? null,
        archiveVia: library ? "archive_library" : command && command !== "(disabled)" ? "archive_command" : null,
        archiver: archiver
          ? {
              archivedCount: Number(archiver.archived_count),
              failedCount: Number(archiver.failed_count),
              lastArchivedWal: archiver.last_archived_wal,
              lastArchivedTime: archiver.last_archived_time?.toISOString() ?? null,
              lastFailedTime: archiver.last_failed_time?.toISOString() ?? null,
              currentWal: archiver.current_wal,
            }
          : null,
        standbys: streaming.map((s) => ({
          name: s.application_name,
          state: s.state,
          syncState: s.sync_state,
          lagBytes: s.lag_bytes === null ? null : Number(s.lag_bytes),
        })),
      },
      findings,
    };
  },
});
