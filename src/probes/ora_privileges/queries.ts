/**
 * @module Dictionary statements of `ora_privileges`. Grantees that Oracle itself maintains (SYS,
 * SYSTEM, predefined roles) are left out with bind `skip_maintained` = 'Y'.
 */
import { statement } from "../../targets/sql/sql.js";

const NOT_MAINTAINED =
  " AND (:skip_maintained = 'N' OR GRANTEE NOT IN (SELECT USERNAME FROM DBA_USERS WHERE ORACLE_MAINTAINED = 'Y'" +
  " UNION ALL SELECT ROLE FROM DBA_ROLES WHERE ORACLE_MAINTAINED = 'Y'))";

/** Bind `roles`: `,DBA,IMP_FULL_DATABASE,…,`. */
export const roleGrants = statement<{ GRANTEE: string; GRANTED_ROLE: string; ADMIN_OPTION: string }>({
  name: "ora_privileges.role_grants",
  sql:
    "SELECT GRANTEE, GRANTED_ROLE, ADMIN_OPTION FROM DBA_ROLE_PRIVS WHERE INSTR(:roles, ',' || GRANTED_ROLE || ',') > 0" +
    NOT_MAINTAINED +
    " ORDER BY GRANTEE, GRANTED_ROLE",
  views: ["DBA_ROLE_PRIVS", "DBA_USERS", "DBA_ROLES"],
  columns: ["GRANTEE", "GRANTED_ROLE", "ADMIN_OPTION"],
});

/** `ANY` system privileges, plus the extra privileges bound as `extra`. */
export const sysPrivs = statement<{ GRANTEE: string; PRIVILEGE: string; ADMIN_OPTION: string }>({
  name: "ora_privileges.sys_privs",
  sql:
    "SELECT GRANTEE, PRIVILEGE, ADMIN_OPTION FROM DBA_SYS_PRIVS WHERE (PRIVILEGE LIKE '% ANY %' OR PRIVILEGE LIKE '% ANY'" +
    " OR INSTR(:extra, ',' || PRIVILEGE || ',') > 0)" +
    NOT_MAINTAINED +
    " ORDER BY GRANTEE, PRIVILEGE",
  views: ["DBA_SYS_PRIVS", "DBA_USERS", "DBA_ROLES"],
  columns: ["GRANTEE", "PRIVILEGE", "ADMIN_OPTION"],
});

export const defaultPasswords = statement<{ USERNAME: string; ACCOUNT_STATUS: string }>({
  name: "ora_privileges.default_passwords",
  sql: "SELECT d.USERNAME, u.ACCOUNT_STATUS FROM DBA_USERS_WITH_DEFPWD d JOIN DBA_USERS u ON u.USERNAME = d.USERNAME ORDER BY d.USERNAME",
  views: ["DBA_USERS_WITH_DEFPWD", "DBA_USERS"],
  columns: ["USERNAME", "ACCOUNT_STATUS"],
});

/**
 * Which container the session is in. In a pluggable database DBA_USERS_WITH_DEFPWD lists only the
 * PDB's local users (Oracle's own accounts are common users, listed only from CDB$ROOT).
 * SYS_CONTEXT: https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/SYS_CONTEXT.html;
 * V$DATABASE.CDB: https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATABASE.html
 */
export const container = statement<{ CON_NAME: string; CDB: string }>({
  name: "ora_privileges.container",
  sql: "SELECT SYS_CONTEXT('USERENV', 'CON_NAME') AS CON_NAME, (SELECT CDB FROM V$DATABASE) AS CDB FROM DUAL",
  views: ["DUAL", "V$DATABASE"],
  columns: ["CON_NAME", "CDB"],
});

/** From CDB$ROOT: every container's accounts (needs CONTAINER_DATA=ALL for the auditing common user). */
export const cdbDefaultPasswords = statement<{ USERNAME: string; ACCOUNT_STATUS: string; CON_ID: number }>({
  name: "ora_privileges.cdb_default_passwords",
  sql:
    "SELECT d.USERNAME, u.ACCOUNT_STATUS, d.CON_ID FROM CDB_USERS_WITH_DEFPWD d" +
    " JOIN CDB_USERS u ON u.USERNAME = d.USERNAME AND u.CON_ID = d.CON_ID ORDER BY d.CON_ID, d.USERNAME",
  views: ["CDB_USERS_WITH_DEFPWD", "CDB_USERS"],
  columns: ["USERNAME", "ACCOUNT_STATUS", "CON_ID"],
});

export const STATEMENTS = [roleGrants, sysPrivs, defaultPasswords, container, cdbDefaultPasswords];
