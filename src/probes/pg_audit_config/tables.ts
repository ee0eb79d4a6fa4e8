/** @module Table-level audit checks: trigger coverage on the declared tables, append-only audit table. */
import type { PgHandle } from "../../targets/postgres.js";
import { splitName } from "../../targets/sql/sql.js";
import type { F } from "./messages.js";
import { statement } from "../../targets/sql/sql.js";

const triggers = statement<{ name: string; types: number[] | null }>({
  name: "pg_audit_config.triggers",
  sql: `SELECT n.nspname || '.' || c.relname AS name,
            array_agg(t.tgtype::int) FILTER (WHERE t.oid IS NOT NULL) AS types
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgenabled <> 'D'
      WHERE (n.nspname || '.' || c.relname) = ANY($1::text[]) GROUP BY 1`,
  views: ["pg_class", "pg_namespace", "pg_trigger"],
  columns: ["name", "types"],
});

const owner = statement<{ role: boolean; tbl: string | null }>({
  name: "pg_audit_config.audit_table_owner",
  sql: `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS role,
            (SELECT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $2 AND c.relname = $3) AS tbl`,
  views: ["pg_roles", "pg_class", "pg_namespace"],
  columns: ["role", "tbl"],
});

/** Every table privilege the role can use (directly, through membership or PUBLIC), in a fixed order. */
const tablePrivileges = statement<{ privileges: string[] }>({
  name: "pg_audit_config.audit_table_privileges",
  sql: `SELECT coalesce(array_agg(p ORDER BY o), '{}') AS privileges
       FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) WITH ORDINALITY AS t(p, o)
      WHERE has_table_privilege($1, $2, p)`,
  views: [],
  columns: ["privileges"],
});

/** Privileges that change or remove what is already in an audit table. */
const REWRITE = ["UPDATE", "DELETE", "TRUNCATE"];

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const EVENTS = [
  ["INSERT", 4],
  ["DELETE", 8],
  ["UPDATE", 16],
] as const;

export async function triggerCoverage(h: PgHandle, tables: readonly string[], signal: AbortSignal): Promise<F[]> {
  if (tables.length === 0) return [{ aspect: "pii_triggers", status: "not_applicable", messageId: "noTables" }];
  const names = tables.map((t) => splitName("postgres", t, "public")).map((w) => `${w.schema}.${w.table}`);
  const rows = await h.query(triggers, [names], signal);
  return names.map((table): F => {
    const r = rows.find((x) => x.name === table);
    if (!r)
      return { aspect: "pii_triggers", status: "error", messageId: "tableMissing", subject: table, data: { table } };
    const bits = (r.types ?? []).reduce((a, b) => a | b, 0);
    const missing = EVENTS.filter(([, bit]) => (bits & bit) === 0).map(([e]) => e);
    return missing.length === 0
      ? { aspect: "pii_triggers", status: "pass", messageId: "triggersOk", subject: table, data: { table } }
      : {
          aspect: "pii_triggers",
          status: "fail",
          messageId: "triggersMissing",
          subject: table,
          data: { table, events: missing.join(", ") },
        };
  });
}

export async function appendOnly(
  h: PgHandle,
  auditTable: string | undefined,
  role: string | undefined,
  signal: AbortSignal,
): Promise<F[]> {
  if (!auditTable || !role)
    return [{ aspect: "audit_append_only", status: "not_applicable", messageId: "appendOnlyUndeclared" }];
  const w = splitName("postgres", auditTable, "public");
  const table = `${w.schema}.${w.table}`;
  const [exists] = await h.query(owner, [role, w.schema, w.table], signal);
  if (!exists?.role)
    return [{ aspect: "audit_append_only", status: "error", messageId: "roleMissing", subject: role, data: { role } }];
  if (exists.tbl === null)
    return [
      { aspect: "audit_append_only", status: "error", messageId: "tableMissing", subject: table, data: { table } },
    ];
  if (exists.tbl === role)
    return [
      {
        aspect: "audit_append_only",
        status: "fail",
        messageId: "appendOnlyOwner",
        subject: table,
        data: { role, table },
      },
    ];
  const [row] = await h.query(tablePrivileges, [role, `"${w.schema}"."${w.table}"`], signal);
  const held = row?.privileges ?? [];
  const data = { role, table, privileges: held.join(", ") || "no privilege" };
  const rewrite = held.filter((x) => REWRITE.includes(x));
  if (rewrite.length > 0)
    return [
      {
        aspect: "audit_append_only",
        status: "fail",
        messageId: "appendOnlyBad",
        subject: table,
        data: { ...data, rewrite: rewrite.join(", ") },
      },
    ];
  if (!held.includes("INSERT"))
    return [{ aspect: "audit_append_only", status: "fail", messageId: "appendOnlyNoInsert", subject: table, data }];
  return [{ aspect: "audit_append_only", status: "pass", messageId: "appendOnlyOk", subject: table, data }];
}
