/** @module Read grants from the PostgreSQL catalogs (ACLs exploded), owners excluded, PUBLIC kept apart. */
import type { PgHandle } from "../../targets/postgres.js";
import { statement } from "../../targets/sql/sql.js";
import type { ObservedGrant } from "../shared/role-matrix.js";
import type { Observed } from "./observed.js";

type Row = { grantee: string; schema: string; table: string | null; privilege: string };

const grants = statement<Row>({
  name: "role_matrix.acl_grants",
  sql: `SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee, n.nspname AS schema,
            NULL::text AS table, a.privilege_type AS privilege
       FROM pg_namespace n, aclexplode(n.nspacl) a
      WHERE n.nspname = ANY($1::text[]) AND a.grantee <> n.nspowner
     UNION ALL
     SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, n.nspname, c.relname, a.privilege_type
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r','p','v','m','f','S') AND a.grantee <> c.relowner
     UNION ALL
     SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, n.nspname, p.proname || '()', a.privilege_type
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
      WHERE n.nspname = ANY($1::text[]) AND a.grantee <> p.proowner
      ORDER BY 1, 2, 3, 4`,
  views: ["pg_namespace", "pg_class", "pg_proc"],
  columns: ["grantee", "schema", "table", "privilege"],
});

const tables = statement<{ schema: string; table: string }>({
  name: "role_matrix.relations",
  sql: `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r','p','v','m','f') ORDER BY 1, 2`,
  views: ["pg_class", "pg_namespace"],
  columns: ["schema", "table"],
});

const publicCreate = statement<{ ok: boolean | null }>({
  name: "role_matrix.public_create",
  sql: `SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                     WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') AS ok
      WHERE EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public')`,
  views: ["pg_namespace"],
  columns: ["ok"],
});

/** Direct grants on schemas and their tables/views/sequences/functions; grantee `PUBLIC` for ACL entries of role 0. */
export async function readGrants(
  h: PgHandle,
  schemas: readonly string[],
  signal: AbortSignal,
): Promise<ObservedGrant[]> {
  const rows = await h.query(grants, [schemas], signal);
  return rows.map((r) =>
    r.table === null
      ? { grantee: r.grantee, schema: r.schema, privilege: r.privilege }
      : { grantee: r.grantee, schema: r.schema, table: r.table, privilege: r.privilege },
  );
}

/** Tables and views (not sequences or functions) of the schemas: what `tables: "*"` expands to. */
export async function readTables(
  h: PgHandle,
  schemas: readonly string[],
  signal: AbortSignal,
): Promise<{ schema: string; table: string }[]> {
  return h.query(tables, [schemas], signal);
}

/** Can PUBLIC create objects in schema `public`? (Secure schema usage pattern, CVE-2018-1058.) */
export async function publicCanCreate(h: PgHandle, signal: AbortSignal): Promise<boolean | null> {
  const [r] = await h.query(publicCreate, [], signal);
  return r ? r.ok : null;
}

/** Grants in every schema named, the tables of the matrix's schemas, and PUBLIC CREATE on schema public. */
export async function observePostgres(
  h: PgHandle,
  schemas: readonly string[],
  matrixSchemas: readonly string[],
  signal: AbortSignal,
): Promise<Observed> {
  return {
    grants: await readGrants(h, schemas, signal),
    tables: await readTables(h, matrixSchemas, signal),
    publicCanCreate: await publicCanCreate(h, signal),
  };
}
