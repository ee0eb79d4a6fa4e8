/** @module Dictionary statements of `ora_recovery` (Oracle Database 19c reference pages cited per statement). */
import { selectFrom, statement } from "../../targets/sql/sql.js";

/** https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATABASE.html */
export const database = selectFrom<{
  DB_UNIQUE_NAME: string;
  LOG_MODE: string;
  DATABASE_ROLE: string;
  FORCE_LOGGING: string;
}>({
  name: "ora_recovery.database",
  view: "V$DATABASE",
  columns: ["DB_UNIQUE_NAME", "LOG_MODE", "DATABASE_ROLE", "FORCE_LOGGING"],
});

export type JobRow = {
  readonly SESSION_KEY: number;
  readonly INPUT_TYPE: string;
  readonly STATUS: string;
  readonly START_TIME: Date | null;
  readonly END_TIME: Date | null;
  readonly INCREMENTAL_LEVEL: number | null;
};

/**
 * RMAN backup jobs the control file remembers (CONTROL_FILE_RECORD_KEEP_TIME, 7 days by default),
 * one row per RMAN session (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-RMAN_BACKUP_JOB_DETAILS.html).
 * A level 0 incremental is a full base but shows INPUT_TYPE 'DB INCR': its level comes from the
 * job's backup sets (V$BACKUP_SET_DETAILS.INCREMENTAL_LEVEL, BACKUP_TYPE 'I').
 */
export const jobs = statement<JobRow>({
  name: "ora_recovery.jobs",
  sql:
    "SELECT j.SESSION_KEY, j.INPUT_TYPE, j.STATUS, j.START_TIME, j.END_TIME," +
    " (SELECT MIN(s.INCREMENTAL_LEVEL) FROM V$BACKUP_SET_DETAILS s WHERE s.SESSION_KEY = j.SESSION_KEY AND s.BACKUP_TYPE = 'I') AS INCREMENTAL_LEVEL" +
    " FROM V$RMAN_BACKUP_JOB_DETAILS j ORDER BY j.START_TIME",
  views: ["V$RMAN_BACKUP_JOB_DETAILS", "V$BACKUP_SET_DETAILS"],
  columns: ["SESSION_KEY", "INPUT_TYPE", "STATUS", "START_TIME", "END_TIME", "INCREMENTAL_LEVEL"],
});

export type DestinationRow = {
  readonly DEST_ID: number;
  readonly DEST_NAME: string;
  readonly STATUS: string;
  readonly TYPE: string;
  readonly DATABASE_MODE: string | null;
  readonly RECOVERY_MODE: string | null;
  readonly GAP_STATUS: string | null;
  readonly ERROR: string | null;
};

/** Archive destinations in use (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-ARCHIVE_DEST_STATUS.html). */
export const destinations = statement<DestinationRow>({
  name: "ora_recovery.destinations",
  sql:
    "SELECT DEST_ID, DEST_NAME, STATUS, TYPE, DATABASE_MODE, RECOVERY_MODE, GAP_STATUS, ERROR" +
    " FROM V$ARCHIVE_DEST_STATUS WHERE STATUS <> 'INACTIVE' ORDER BY DEST_ID",
  views: ["V$ARCHIVE_DEST_STATUS"],
  columns: ["DEST_ID", "DEST_NAME", "STATUS", "TYPE", "DATABASE_MODE", "RECOVERY_MODE", "GAP_STATUS", "ERROR"],
});

/**
 * Standby only: Data Guard lags, VALUE an interval text like '+00 00:00:05' or NULL when not
 * computed; no rows on a primary (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATAGUARD_STATS.html).
 */
export const lags = statement<{ NAME: string; VALUE: string | null; TIME_COMPUTED: string | null }>({
  name: "ora_recovery.lags",
  sql: "SELECT LOWER(NAME) AS NAME, VALUE, TIME_COMPUTED FROM V$DATAGUARD_STATS WHERE LOWER(NAME) IN ('apply lag', 'transport lag')",
  views: ["V$DATAGUARD_STATS"],
  columns: ["NAME", "VALUE", "TIME_COMPUTED"],
});

export const STATEMENTS = [database, jobs, destinations, lags];
