/** @module Aspects and messages of `pg_recovery`. */
import type { ProbeFinding } from "../define.js";

export const ASPECTS = {
  archiving: "WAL archiving is on, with an archive command or library",
  archiver: "The archiver is not failing and is current (or archived within the recovery point objective)",
  replication: "Enough standbys stream with a replay lag within the bound (failover)",
} as const;

export const MESSAGES = {
  settingsHidden: "archive settings are not visible to this role (grant pg_read_all_settings or pg_monitor)",
  archivingOn: "archive_mode is {{mode}} with {{via}}",
  archivingOff: "WAL archiving is off (archive_mode = {{mode}}): no point-in-time recovery beyond the last base backup",
  archivingNoCommand:
    "archive_mode is {{mode}} but neither archive_command nor archive_library is set: WAL is kept, not archived",
  archiverOff: "WAL archiving is off; no archiver to judge",
  archiverFailing:
    "The archiver is failing: last failure {{failed}} is after the last success ({{archived}}); {{count}} failures since the statistics were reset",
  archiverCurrent: "The archiver is current: last archived segment {{wal}}, {{hours}} h ago",
  archiverStale:
    "The last WAL segment was archived {{hours}} h ago (more than {{max}} h) and later segments are waiting",
  nothingArchived: "No WAL segment has been archived since the statistics were reset",
  isStandby: "This server is a standby; replication is judged on its primary",
  standbysOk: "{{count}} standby(s) streaming (at least {{min}}), largest replay lag {{lag}} bytes (at most {{max}})",
  tooFewStandbys: "{{count}} standby(s) streaming, fewer than the {{min}} a failover needs",
  standbyLagging: "Standby {{name}} replays {{lag}} bytes behind (more than {{max}})",
  standbyNotStreaming: "Standby {{name}} is {{state}}, not streaming",
  replicationHidden:
    "{{hidden}} replication connection(s) are visible but their state and lag are hidden from this role: grant pg_read_all_stats (or pg_monitor) to judge the standbys",
} as const;

export type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
