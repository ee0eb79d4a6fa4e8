/** @module Dictionary statements of `ora_role_matrix`; bind `owners` is `,SCHEMA1,SCHEMA2,`. */
import { statement } from "../../targets/sql/sql.js";

export const tabPrivs = statement<{
  GRANTEE: string;
  OWNER: string;
  TABLE_NAME: string;
  PRIVILEGE: string;
  GRANTABLE: string;
  TYPE: string;
}>({
  name: "ora_role_matrix.tab_privs",
  sql:
    "SELECT GRANTEE, OWNER, TABLE_NAME, PRIVILEGE, GRANTABLE, TYPE FROM DBA_TAB_PRIVS" +
    " WHERE INSTR(:owners, ',' || OWNER || ',') > 0 ORDER BY GRANTEE, OWNER, TABLE_NAME, PRIVILEGE",
  views: ["DBA_TAB_PRIVS"],
  columns: ["GRANTEE", "OWNER", "TABLE_NAME", "PRIVILEGE", "GRANTABLE", "TYPE"],
});

export const tables = statement<{ OWNER: string; TABLE_NAME: string }>({
  name: "ora_role_matrix.tables",
  sql: "SELECT OWNER, TABLE_NAME FROM DBA_TABLES WHERE INSTR(:owners, ',' || OWNER || ',') > 0 ORDER BY OWNER, TABLE_NAME",
  views: ["DBA_TABLES"],
  columns: ["OWNER", "TABLE_NAME"],
});

export const STATEMENTS = [tabPrivs, tables];
