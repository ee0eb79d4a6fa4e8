/**
 * @module `pg_rls`: row-level security on the tables a target declares as needing it (attribute
 * `rls_tables`, apart from its personal-data tables) — enabled everywhere, and forced (applies to the
 * table owner too) when the params require it.
 */
import { Type } from "@sinclair/typebox";
import { splitName, statement } from "../../targets/sql/sql.js";
import { defineProbe, verdict } from "../define.js";
import { paramsObject, withDefault } from "../params.js";
import { ASPECTS, MESSAGES, type F } from "./messages.js";

type Row = { schema: string; table: string; enabled: boolean; forced: boolean; policies: string };

const rlsTables = statement<Row>({
  name: "pg_rls.tables",
  sql: `SELECT n.nspname AS schema, c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r','p') AND (n.nspname || '.' || c.relname) = ANY($1::text[])`,
  views: ["pg_class", "pg_namespace", "pg_policy"],
  columns: ["schema", "table", "enabled", "forced", "policies"],
});

const params = paramsObject({
  /** Tables that must have row-level security (`schema.table`). */
  rls_tables: Type.Array(Type.String({ minLength: 1 })),
  /** When false (the baseline profile), the tables are still reported but the aspects are not_applicable. */
  required: withDefault(Type.Boolean(), true),
  require_force: withDefault(Type.Boolean(), false),
});

export default defineProbe({
  meta: {
    id: "pg_rls",
    version: "2.0.0",
    title: "PostgreSQL row-level security",
    description: "relrowsecurity (and relforcerowsecurity when required) on the tables declared as needing RLS.",
    targetTypes: ["postgres"],
    params,
    privileges: ["-- none beyond LOGIN and CONNECT: pg_class and pg_policy are readable by every role"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target, signal }) {
    const findings: F[] = [];
    const wanted = p.rls_tables.map((t) => splitName("postgres", t, "public"));
    if (wanted.length === 0) findings.push({ aspect: "rls_enabled", status: "not_applicable", messageId: "noTables" });
    const rows = await target.handle.query(rlsTables, [wanted.map((w) => `${w.schema}.${w.table}`)], signal);
    for (const w of wanted) {
      const table = `${w.schema}.${w.table}`;
      const r = rows.find((x) => x.schema === w.schema && x.table === w.table);
      if (!r) {
        findings.push({
          aspect: "rls_enabled",
          status: "error",
          messageId: "tableMissing",
          subject: table,
          data: { table },
        });
        continue;
      }
      findings.push(
        verdict("rls_enabled", r.enabled, ["rlsOn", "rlsOff"], { table, policies: Number(r.policies) }, table),
      );
      if (p.require_force) findings.push(verdict("rls_forced", r.forced, ["forced", "notForced"], { table }, table));
    }
    if (!p.require_force)
      findings.push({ aspect: "rls_forced", status: "not_applicable", messageId: "forceNotRequired" });
    if (!p.required) {
      const data = { enabled: rows.filter((r) => r.enabled).length, tables: wanted.length };
      findings.splice(
        0,
        findings.length,
        ...(["rls_enabled", "rls_forced"] as const).map(
          (aspect): F => ({ aspect, status: "not_applicable", messageId: "notRequired", data }),
        ),
      );
    }
    return {
      facts: {
        tables: rows.map((r) => ({
          table: `${r.schema}.${r.table}`,
          enabled: r.enabled,
          forced: r.forced,
          policies: Number(r.policies),
        })),
      },
      findings,
    };
  },
});
