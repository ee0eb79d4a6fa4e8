/**
 * @module `pg_rls`: row-level security on the tables a target declares as holding personal data —
 * enabled everywhere, and forced (applies to the table owner too) when the params require it.
 */
import { splitName } from "../../targets/sql/sql.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import { statement } from "../../targets/sql/sql.js";

const rlsTables = statement<Row>({
  name: "pg_rls.tables",
  sql: `SELECT n.nspname AS schema, c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r','p') AND (n.nspname || '.' || c.relname) = ANY($1::text[])`,
  views: ["pg_class", "pg_namespace", "pg_policy"],
  columns: ["schema", "table", "enabled", "forced", "policies"],
});

export interface PgRlsParams {
  readonly personal_data_tables: readonly string[];
  /** When false (the baseline profile), the tables are still reported but the aspects are not_applicable. */
  readonly required?: boolean;
  readonly require_force?: boolean;
}

const aspects = {
  rls_enabled: "Row-level security is enabled on every personal-data table",
  rls_forced: "Row-level security is forced on every personal-data table (when required)",
} as const;

const messages = {
  rls_on: "row-level security is enabled on {{table}} ({{policies}} policies)",
  rls_off: "row-level security is not enabled on {{table}}",
  forced: "row-level security is forced on {{table}}",
  not_forced: "row-level security is not forced on {{table}}: its owner bypasses the policies",
  force_not_required: "forcing row-level security is not required by the profile",
  table_missing: "declared personal-data table {{table}} does not exist or is not visible to this role",
  no_tables: "no personal-data tables declared for this target",
  not_required:
    "row-level security is not required by the profile (enabled on {{enabled}} of {{tables}} personal-data tables)",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;
type Row = { schema: string; table: string; enabled: boolean; forced: boolean; policies: string };

export default defineProbe<PgRlsParams>()({
  meta: {
    id: "pg_rls",
    version: "1.0.0",
    title: "PostgreSQL row-level security on personal data",
    description: "relrowsecurity (and relforcerowsecurity when required) on declared personal-data tables.",
    targetTypes: ["postgres"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["personal_data_tables"],
      properties: {
        personal_data_tables: { type: "array", items: { type: "string", minLength: 1 } },
        required: { type: "boolean" },
        require_force: { type: "boolean" },
      },
    },
    privileges: ["none beyond LOGIN and CONNECT: pg_class and pg_policy are readable by every role"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal }) {
    const findings: F[] = [];
    const wanted = params.personal_data_tables.map((t) => splitName("postgres", t, "public"));
    if (wanted.length === 0) findings.push({ aspect: "rls_enabled", status: "not_applicable", messageId: "no_tables" });
    const rows = await target.handle.query(rlsTables, [wanted.map((w) => `${w.schema}.${w.table}`)], signal);
    for (const w of wanted) {
      const table = `${w.schema}.${w.table}`;
      const r = rows.find((x) => x.schema === w.schema && x.table === w.table);
      if (!r) {
        findings.push({
          aspect: "rls_enabled",
          status: "error",
          messageId: "table_missing",
          subject: table,
          data: { table },
        });
        continue;
      }
      findings.push({
        aspect: "rls_enabled",
        status: r.enabled ? "pass" : "fail",
        messageId: r.enabled ? "rls_on" : "rls_off",
        subject: table,
        data: { table, policies: Number(r.policies) },
      });
      if (params.require_force)
        findings.push({
          aspect: "rls_forced",
          status: r.forced ? "pass" : "fail",
          messageId: r.forced ? "forced" : "not_forced",
          subject: table,
          data: { table },
        });
    }
    if (!params.require_force)
      findings.push({ aspect: "rls_forced", status: "not_applicable", messageId: "force_not_required" });
    if (params.required === false) {
      const data = { enabled: rows.filter((r) => r.enabled).length, tables: wanted.length };
      findings.splice(
        0,
        findings.length,
        ...(["rls_enabled", "rls_forced"] as const).map(
          (aspect): F => ({ aspect, status: "not_applicable", messageId: "not_required", data }),
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
