/** @module Table-level audit checks: trigger coverage on personal-data tables, append-only audit table. */
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

const tablePrivileges = statement<Record<"ins" | "upd" | "del" | "trn", boolean>>({
  name: "pg_audit_config.audit_table_privileges",
  sql: `SELECT has_table_privilege($1, $2, 'INSERT') AS ins, has_table_privilege($1, $2, 'UPDATE') AS upd,
            has_table_privilege($1, $2, 'DELETE') AS del, has_table_privilege($1, $2, 'TRUNCATE') AS trn`,
  views: [],
  columns: ["ins", "upd", "del", "trn"],
});

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const EVENTS = [
  ["INSERT", 4],
  ["DELETE", 8],
  ["UPDATE", 16],
] as const;

export async function triggerCoverage(h: PgHandle, tables: readonly string[], signal: AbortSignal): Promise<F[]> {
  if (tables.length === 0) return [{ aspect: "pii_triggers", status: "not_applicable", messageId: "no_tables" }];
  const names = tables.map((t) => splitName("postgres", t, "public")).map((w) => `${w.schema}.${w.table}`);
  const rows = await h.query(triggers, [names], signal);
  return names.map((table): F => {
    const r = rows.find((x) => x.name === table);
    if (!r)
      return { aspect: "pii_triggers", status: "error", messageId: "table_missing", subject: table, data: { table } };
    const bits = (r.types ?? []).reduce((a, b) => a | b, 0);
    const missing = EVENTS.filter(([, bit]) => (bits & bit) === 0).map(([e]) => e);
    return missing.length === 0
      ? { aspect: "pii_triggers", status: "pass", messageId: "triggers_ok", subject: table, data: { table } }
      : {
          aspect: "pii_triggers",
          status: "fail",
          messageId: "triggers_missing",
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
    return [{ aspect: "audit_append_only", status: "not_applicable", messageId: "append_only_undeclared" }];
  const w = splitName("postgres", auditTable, "public");
  const table = `${w.schema}.${w.table}`;
  const [exists] = await h.query(owner, [role, w.schema, w.table], signal);
  if (!exists?.role)
    return [{ aspect: "audit_append_only", status: "error", messageId: "role_missing", subject: role, data: { role } }];
  if (exists.tbl === null)
    return [
      { aspect: "audit_append_only", status: "error", messageId: "table_missing", subject: table, data: { table } },
    ];
  if (exists.tbl === role)
    return [
      {
        aspect: "audit_append_only",
        status: "fail",
        messageId: "append_only_owner",
        subject: table,
        data: { role, table },
      },
    ];
  const [p] = await h.query(tablePrivileges, [role, `"${w.schema}"."${w.table}"`], signal);
  const extra = [p?.upd && "UPDATE", p?.del && "DELETE", p?.trn && "TRUNCATE"].filter(
    (x): x is string => typeof x === "string",
  );
  if (extra.length > 0)
    return [
      {
        aspect: "audit_append_only",
        status: "fail",
        messageId: "append_only_bad",
        subject: table,
        data: { role, table, privileges: extra.join(", ") },
      },
    ];
  if (!p?.ins)
    return [
      {
        aspect: "audit_append_only",
        status: "fail",
        messageId: "append_only_no_insert",
        subject: table,
        data: { role, table },
      },
    ];
  return [
    { aspect: "audit_append_only", status: "pass", messageId: "append_only_ok", subject: table, data: { role, table } },
  ];
}
