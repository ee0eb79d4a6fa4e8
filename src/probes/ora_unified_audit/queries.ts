/** @module Dictionary statements of `ora_unified_audit`. */
import { selectFrom, statement } from "../../targets/sql/sql.js";

export const option = selectFrom<{ PARAMETER: string; VALUE: string }>({
  name: "ora_unified_audit.option",
  view: "V$OPTION",
  columns: ["PARAMETER", "VALUE"],
  rest: "WHERE PARAMETER = 'Unified Auditing'",
});

export const policies = selectFrom<{
  POLICY_NAME: string;
  ENABLED_OPTION: string | null;
  ENTITY_NAME: string | null;
  ENTITY_TYPE: string | null;
  SUCCESS: string;
  FAILURE: string;
}>({
  name: "ora_unified_audit.policies",
  // 19c columns (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/AUDIT_UNIFIED_ENABLED_POLICIES.html):
  // USER_NAME and ENABLED_OPT, deprecated in 12.2, are gone; ENTITY_NAME = 'ALL USERS' marks a policy enabled for all users.
  view: "AUDIT_UNIFIED_ENABLED_POLICIES",
  columns: ["POLICY_NAME", "ENABLED_OPTION", "ENTITY_NAME", "ENTITY_TYPE", "SUCCESS", "FAILURE"],
  rest: "ORDER BY POLICY_NAME, ENTITY_NAME",
});

/** Mixed mode only: where traditional auditing writes (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/AUDIT_TRAIL.html). */
export const parameters = selectFrom<{ NAME: string; VALUE: string | null }>({
  name: "ora_unified_audit.parameters",
  view: "V$PARAMETER",
  columns: ["NAME", "VALUE"],
  rest: "WHERE NAME IN ('audit_trail', 'audit_sys_operations', 'audit_file_dest') ORDER BY NAME",
});

export const cleanupJobs = selectFrom<{
  JOB_NAME: string;
  JOB_STATUS: string;
  AUDIT_TRAIL: string;
  JOB_FREQUENCY: string | null;
  USE_LAST_ARCHIVE_TIMESTAMP: string;
}>({
  name: "ora_unified_audit.cleanup_jobs",
  view: "DBA_AUDIT_MGMT_CLEANUP_JOBS",
  columns: ["JOB_NAME", "JOB_STATUS", "AUDIT_TRAIL", "JOB_FREQUENCY", "USE_LAST_ARCHIVE_TIMESTAMP"],
});

export const lastArchive = selectFrom<{ AUDIT_TRAIL: string; RAC_INSTANCE: number; LAST_ARCHIVE_TS: Date | null }>({
  name: "ora_unified_audit.last_archive",
  view: "DBA_AUDIT_MGMT_LAST_ARCH_TS",
  columns: ["AUDIT_TRAIL", "RAC_INSTANCE", "LAST_ARCHIVE_TS"],
});

export const config = selectFrom<{ PARAMETER_NAME: string; PARAMETER_VALUE: string | null; AUDIT_TRAIL: string }>({
  name: "ora_unified_audit.config",
  view: "DBA_AUDIT_MGMT_CONFIG_PARAMS",
  columns: ["PARAMETER_NAME", "PARAMETER_VALUE", "AUDIT_TRAIL"],
  rest: "WHERE AUDIT_TRAIL IN ('UNIFIED AUDIT TRAIL', 'ALL AUDIT TRAILS')",
});

/**
 * Is any record older than the cutoff still kept? `MIN(EVENT_TIMESTAMP_UTC)` without a predicate
 * prunes no partition and reads the whole trail; this asks only the question retention needs and
 * stops at the first row. The trail is interval-partitioned on the event time
 * (https://docs.oracle.com/en/database/oracle/oracle-database/19/dbseg/administering-the-audit-trail.html),
 * so the predicate prunes to the partitions before the cutoff. Bind `cutoff`: UTC `YYYY-MM-DDTHH24:MI:SS`.
 */
export const olderThanCutoff = statement<{ FOUND: number }>({
  name: "ora_unified_audit.older_than_cutoff",
  sql:
    "SELECT COUNT(*) AS FOUND FROM UNIFIED_AUDIT_TRAIL" +
    " WHERE EVENT_TIMESTAMP_UTC < TO_TIMESTAMP(:cutoff, 'YYYY-MM-DD\"T\"HH24:MI:SS') AND ROWNUM = 1",
  views: ["UNIFIED_AUDIT_TRAIL"],
  columns: ["FOUND"],
});

const CUTOFF_UTC = "FROM_TZ(TO_TIMESTAMP(:cutoff, 'YYYY-MM-DD\"T\"HH24:MI:SS'), 'UTC')";

/**
 * Mixed mode with AUDIT_TRAIL = DB: is any AUD$ record older than the cutoff still kept?
 * EXTENDED_TIMESTAMP is TIMESTAMP WITH TIME ZONE (TIMESTAMP is a DATE in the session's zone)
 * (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_AUDIT_TRAIL.html). AUD$ is not
 * partitioned: without an old record this reads the whole table once.
 */
export const standardOlderThanCutoff = statement<{ FOUND: number }>({
  name: "ora_unified_audit.standard_older_than_cutoff",
  sql: `SELECT COUNT(*) AS FOUND FROM DBA_AUDIT_TRAIL WHERE EXTENDED_TIMESTAMP < ${CUTOFF_UTC} AND ROWNUM = 1`,
  views: ["DBA_AUDIT_TRAIL"],
  columns: ["FOUND"],
});

/** The same question for FGA_LOG$ (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_FGA_AUDIT_TRAIL.html). */
export const fgaOlderThanCutoff = statement<{ FOUND: number }>({
  name: "ora_unified_audit.fga_older_than_cutoff",
  sql: `SELECT COUNT(*) AS FOUND FROM DBA_FGA_AUDIT_TRAIL WHERE EXTENDED_TIMESTAMP < ${CUTOFF_UTC} AND ROWNUM = 1`,
  views: ["DBA_FGA_AUDIT_TRAIL"],
  columns: ["FOUND"],
});

export const STATEMENTS = [
  option,
  policies,
  parameters,
  cleanupJobs,
  lastArchive,
  config,
  olderThanCutoff,
  standardOlderThanCutoff,
  fgaOlderThanCutoff,
];
