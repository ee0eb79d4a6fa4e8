/**
 * @module PostgreSQL's side of `role_matrix`: grants from the catalogs' ACLs (owners excluded,
 * PUBLIC as grantee `PUBLIC`), the tables and sequences in scope, what `ALL` means on this server,
 * the privileges each login role can use (through membership with inheritance or PUBLIC, in schemas
 * it may use), CONNECT on databases, and PUBLIC CREATE on schema `public`.
 */
import type { PgHandle } from "../../targets/postgres.js";
import { statement } from "../../targets/sql/sql.js";
import type { ObjectKind, ObservedGrant } from "../shared/role-matrix.js";
import type { EffectiveGrant, Observed } from "./observed.js";

type Row = { grantee: string; schema: string; table: string | null; sequence: boolean; privilege: string };
const GRANTEE = "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END";

const grants = statement<Row>({
  name: "role_matrix.acl_grants",
  sql: `SELECT ${GRANTEE} AS grantee, n.nspname AS schema, NULL::text AS table, false AS sequence, a.privilege_type AS privilege
       FROM pg_namespace n, aclexplode(n.nspacl) a
      WHERE n.nspname = ANY($1::text[]) AND a.grantee <> n.nspowner
     UNION ALL
     SELECT ${GRANTEE}, n.nspname, c.relname, c.relkind = 'S', a.privilege_type
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r','p','v','m','f','S') AND a.grantee <> c.relowner
     UNION ALL
     SELECT ${GRANTEE}, n.nspname, p.proname || '()', false, a.privilege_type
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
      WHERE n.nspname = ANY($1::text[]) AND a.grantee <> p.proowner
      ORDER BY 1, 2, 3, 5`,
  views: ["pg_namespace", "pg_class", "pg_proc"],
  columns: ["grantee", "schema", "table", "sequence", "privilege"],
});

const relations = statement<{ schema: string; table: string; sequence: boolean }>({
  name: "role_matrix.relations",
  sql: `SELECT n.nspname AS schema, c.relname AS table, c.relkind = 'S' AS sequence
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r','p','v','m','f','S') ORDER BY 1, 2`,
  views: ["pg_class", "pg_namespace"],
  columns: ["schema", "table", "sequence"],
});

/** The owner's default ACL lists every privilege of a kind this server knows (MAINTAIN from 17 on). */
const allPrivileges = statement<{ kind: ObjectKind; privileges: string[] }>({
  name: "role_matrix.all_privileges",
  sql: `SELECT k.kind, array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) AS privileges
       FROM (VALUES ('table', 'r'), ('sequence', 's'), ('schema', 'n')) AS k(kind, code),
            aclexplode(acldefault(k.code::"char", 10::oid)) a
      GROUP BY k.kind`,
  views: [],
  columns: ["kind", "privileges"],
});

const effective = statement<Row & { login: string }>({
  name: "role_matrix.effective",
  sql: `SELECT l.rolname AS login, n.nspname AS schema, c.relname AS table, c.relkind = 'S' AS sequence,
            a.privilege_type AS privilege, ${GRANTEE} AS grantee
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a, pg_roles l
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r','p','v','m','f','S') AND a.grantee <> c.relowner
        AND l.rolcanlogin AND NOT l.rolsuper AND has_schema_privilege(l.oid, n.oid, 'USAGE')
        AND CASE WHEN a.grantee = 0 THEN true ELSE pg_has_role(l.oid, a.grantee, 'USAGE') END
      ORDER BY 1, 2, 3, 5, 6`,
  views: ["pg_class", "pg_namespace", "pg_roles"],
  columns: ["login", "schema", "table", "sequence", "privilege", "grantee"],
});

const connect = statement<{ database: string; grantee: string }>({
  name: "role_matrix.database_connect",
  sql: `SELECT d.datname AS database, ${GRANTEE} AS grantee
       FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
      WHERE a.privilege_type = 'CONNECT' AND a.grantee <> d.datdba AND d.datallowconn AND NOT d.datistemplate
      ORDER BY 1, 2`,
  views: ["pg_database"],
  columns: ["database", "grantee"],
});

const connectLogins = statement<{ database: string; login: string }>({
  name: "role_matrix.connect_logins",
  sql: `SELECT d.datname AS database, l.rolname AS login FROM pg_database d, pg_roles l
      WHERE d.datallowconn AND NOT d.datistemplate AND l.rolcanlogin AND has_database_privilege(l.oid, d.oid, 'CONNECT')
      ORDER BY 1, 2`,
  views: ["pg_database", "pg_roles"],
  columns: ["database", "login"],
});

const publicCreate = statement<{ ok: boolean | null }>({
  name: "role_matrix.public_create",
  sql: `SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                     WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') AS ok
      WHERE EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public')`,
  views: ["pg_namespace"],
  columns: ["ok"],
});

const object = (r: Pick<Row, "schema" | "table" | "sequence" | "privilege">): Omit<ObservedGrant, "grantee"> =>
  r.table === null
    ? { schema: r.schema, privilege: r.privilege }
    : {
        schema: r.schema,
        table: r.table,
        privilege: r.privilege,
        ...(r.sequence ? { kind: "sequence" as const } : {}),
      };

const group = <T extends Record<string, string>>(rows: readonly T[], k: keyof T, v: keyof T) => {
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r[k] as string] ??= []).push(r[v] as string);
  return out;
};

/** Everything `role_matrix` judges on PostgreSQL, for the schemas named (the matrix's schemas for objects). */
export async function observePostgres(
  h: PgHandle,
  schemas: readonly string[],
  matrixSchemas: readonly string[],
  signal: AbortSignal,
): Promise<Observed> {
  const rels = await h.query(relations, [matrixSchemas], signal);
  const [pub] = await h.query(publicCreate, [], signal);
  const eff = await h.query(effective, [matrixSchemas], signal);
  return {
    grants: (await h.query(grants, [schemas], signal)).map((r) => ({ grantee: r.grantee, ...object(r) })),
    tables: rels.filter((r) => !r.sequence).map(({ schema, table }) => ({ schema, table })),
    sequences: rels.filter((r) => r.sequence).map(({ schema, table }) => ({ schema, table })),
    allPrivileges: Object.fromEntries((await h.query(allPrivileges, [], signal)).map((r) => [r.kind, r.privileges])),
    effective: eff.map((r): EffectiveGrant => ({ login: r.login, via: r.grantee, ...object(r) })),
    connect: group(await h.query(connect, [], signal), "database", "grantee"),
    connectLogins: group(await h.query(connectLogins, [], signal), "database", "login"),
    publicCanCreate: pub ? pub.ok : null,
  };
}
