/**
 * @module Oracle's side of `role_matrix`: object grants from DBA_TAB_PRIVS (schema = owning user,
 * grantee = user or role granted directly) and the tables in scope from DBA_TABLES. Oracle has no
 * shared `public` schema, so the PUBLIC CREATE question does not arise. Bind `owners` is `,A,B,`.
 */
import type { OracleHandle } from "../../targets/oracle.js";
import { selectFrom, statement } from "../../targets/sql/sql.js";
import { bindList } from "../shared/oracle-names.js";
import type { Observed } from "./observed.js";

export const tabPrivs = statement<{
  GRANTEE: string;
  OWNER: string;
  TABLE_NAME: string;
  PRIVILEGE: string;
  GRANTABLE: string;
  TYPE: string;
}>({
  name: "role_matrix.tab_privs",
  sql:
    "SELECT GRANTEE, OWNER, TABLE_NAME, PRIVILEGE, GRANTABLE, TYPE FROM DBA_TAB_PRIVS" +
    " WHERE INSTR(:owners, ',' || OWNER || ',') > 0 ORDER BY GRANTEE, OWNER, TABLE_NAME, PRIVILEGE",
  views: ["DBA_TAB_PRIVS"],
  columns: ["GRANTEE", "OWNER", "TABLE_NAME", "PRIVILEGE", "GRANTABLE", "TYPE"],
});

export const tables = selectFrom<{ OWNER: string; TABLE_NAME: string }>({
  name: "role_matrix.tables",
  view: "DBA_TABLES",
  columns: ["OWNER", "TABLE_NAME"],
  rest: "WHERE INSTR(:owners, ',' || OWNER || ',') > 0 ORDER BY OWNER, TABLE_NAME",
});

export const STATEMENTS = [tabPrivs, tables];

export async function observeOracle(
  h: OracleHandle,
  schemas: readonly string[],
  matrixSchemas: readonly string[],
  signal: AbortSignal,
): Promise<Observed> {
  const seen = await h.readOnly(
    async (s) => ({
      privs: await s.query(tabPrivs, { owners: bindList(schemas) }, signal),
      tables: await s.query(tables, { owners: bindList(matrixSchemas) }, signal),
    }),
    signal,
  );
  return {
    grants: seen.privs.map((r) => ({
      grantee: r.GRANTEE,
      schema: r.OWNER,
      table: r.TABLE_NAME,
      privilege: r.PRIVILEGE,
      grantable: r.GRANTABLE === "YES",
    })),
    tables: seen.tables.map((t) => ({ schema: t.OWNER, table: t.TABLE_NAME })),
    publicCanCreate: null,
  };
}
