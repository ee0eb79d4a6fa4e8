/**
 * @module `pii_discovery`: finds columns holding personal data on PostgreSQL and Oracle from a
 * bounded sample of each table (rows per table, a total time budget) and judges three things:
 * personal data in tables not declared as such (GDPR Art. 30, ISO A.5.12); on targets tagged
 * non-production, unmasked values of the masked categories (ISO A.8.11, A.8.33; GDPR Art. 25,
 * 32(1)(a)); masked values that still show too many digits. Facts hold counts, column names,
 * categories and value shapes only, never a value.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, type ParamsOf, type ProbeFinding } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { profileColumn, type ColumnProfile } from "../shared/discovery.js";
import { recogniser } from "../shared/personal-data.js";
import { localFailure } from "../shared/sql-errors.js";
import type { SqlSource, SqlTarget } from "../../targets/sql/sql.js";
import { columnsStatement, samplePercent, sampleStatement, type CandidateColumn } from "./sql.js";

const params = paramsObject({
  declared_tables: Type.Array(Type.String()),
  masked_categories: withDefault(Type.Array(Type.String()), ["email", "phone", "card", "iban", "ssn"]),
  non_production_tag: withDefault(Type.String({ minLength: 1 }), "non-production"),
  schemas: withDefault(Type.Array(Type.String()), []),
  sample_rows: withDefault(Type.Integer({ minimum: 1, maximum: 100000 }), 200),
  max_tables: withDefault(Frag.count(1), 1000),
  time_budget_seconds: withDefault(Frag.positive(), 60),
  min_share: withDefault(Type.Number({ exclusiveMinimum: 0, maximum: 1 }), 0.3),
  max_kept_digits: withDefault(Frag.count(), 4),
  phone_countries: Type.Optional(Type.Array(Type.String({ pattern: "^[A-Z]{2}$" }))),
  custom_patterns: Type.Optional(
    Type.Array(paramsObject({ name: Type.String(), pattern: Type.String({ minLength: 1 }) })),
  ),
});
type Params = ParamsOf<typeof params>;

const aspects = {
  declared: "Tables holding personal data are declared as personal-data tables",
  masking: "On non-production targets, values of the masked categories are masked",
  masking_quality: "Masked values keep no more digits than allowed",
  coverage: "Every candidate table was sampled within the budget",
} as const;

const messages = {
  undeclared: "{{table}} holds personal data ({{columns}}) but is not declared as a personal-data table",
  allDeclared: "All {{count}} tables found with personal data are declared",
  noPersonalData: "No personal data found in the {{tables}} sampled tables",
  unmasked:
    "{{table}}.{{column}} holds {{real}} unmasked {{category}} value(s) in a sample of {{sampled}} on a non-production target",
  maskedOk:
    "Sampled values of the masked categories ({{categories}}) are masked or synthetic on this non-production target",
  productionTarget: "The target is not tagged {{tag}}; masking is required only on non-production copies",
  weakMasking:
    "{{table}}.{{column}}: {{weak}} of {{masked}} masked {{category}} values still show more than {{max}} digits",
  maskingQualityOk: "No masked value shows more than {{max}} digits",
  tableUnreadable: "{{table}} could not be sampled: {{reason}}",
  budgetExhausted: "Discovery stopped after {{done}} of {{total}} tables: the time budget of {{seconds}} s was used up",
  tooManyTables: "{{total}} candidate tables exceed max_tables {{max}}; only the first {{max}} were sampled",
  covered: "All {{total}} candidate tables were sampled ({{rows}} rows)",
} as const;

type A = keyof typeof aspects;
type F = ProbeFinding<keyof typeof messages, A>;

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "string") return v;
  return typeof v === "number" || typeof v === "bigint" ? v.toString() : null;
}

interface Scan {
  readonly profiles: ColumnProfile[];
  readonly failures: { table: string; reason: string }[];
  readonly total: number;
  readonly done: number;
  readonly rows: number;
  readonly outOfTime: boolean;
}

async function scan(src: SqlSource, p: Params, signal: AbortSignal, now: Date): Promise<Scan> {
  // The budget covers the dictionary query too.
  const deadline = Date.now() + p.time_budget_seconds * 1000;
  const schemas = p.schemas;
  const binds = src.dialect === "oracle" ? [...schemas] : schemas.length > 0 ? [schemas] : [];
  const cols = await src.query(columnsStatement(src.dialect, schemas.length), binds, signal);
  const tables = new Map<string, { schema: string; table: string; estimate: number; columns: string[] }>();
  for (const r of cols) {
    const c: CandidateColumn = {
      schema: String(r["schema"]),
      table: String(r["table"]),
      column: String(r["column"]),
      estimate: Number(r["estimate"]),
    };
    const key = `${c.schema}.${c.table}`;
    const t = tables.get(key) ?? { schema: c.schema, table: c.table, estimate: c.estimate, columns: [] };
    t.columns.push(c.column);
    tables.set(key, t);
  }
  const rec = recogniser({
    ...(p.phone_countries ? { phoneCountries: p.phone_countries } : {}),
    ...(p.custom_patterns ? { customPatterns: p.custom_patterns } : {}),
    now,
  });
  const rowsPerTable = p.sample_rows;
  const list = [...tables.values()].slice(0, p.max_tables);
  const out: Scan = { profiles: [], failures: [], total: tables.size, done: 0, rows: 0, outOfTime: false };
  let done = 0;
  let rows = 0;
  for (const t of list) {
    if (Date.now() > deadline) return { ...out, done, rows, outOfTime: true };
    const name = `${t.schema}.${t.table}`;
    try {
      const percent = samplePercent(t.estimate, rowsPerTable);
      const spec = { dialect: src.dialect, schema: t.schema, table: t.table, columns: t.columns, rows: rowsPerTable };
      let sample = await src.query(sampleStatement({ ...spec, percent }), [], signal);
      // A block sample of a table with few, large pages can come back empty; the head of the table is as cheap.
      if (sample.length === 0 && t.estimate > 0)
        sample = await src.query(sampleStatement({ ...spec, percent: null }), [], signal);
      rows += sample.length;
      t.columns.forEach((column, i) => {
        const values = sample.map((r) => asText(r[`c${i}`]));
        out.profiles.push(
          profileColumn(name, column, values, rec, { minShare: p.min_share, maxKeptDigits: p.max_kept_digits }),
        );
      });
    } catch (err) {
      const reason = localFailure(err);
      if (reason === undefined) throw err;
      out.failures.push({ table: name, reason });
    }
    done++;
  }
  return { ...out, done, rows };
}

function judge(s: Scan, p: Params, tags: readonly string[]): F[] {
  const out: F[] = [];
  const found = s.profiles.filter((c) => c.category !== null);
  const byTable = new Map<string, ColumnProfile[]>();
  for (const c of found) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  const declared = new Set(p.declared_tables.map((t) => t.toLowerCase()));
  for (const [table, cs] of byTable)
    if (!declared.has(table.toLowerCase()))
      out.push({
        aspect: "declared",
        status: "fail",
        messageId: "undeclared",
        subject: table,
        data: { table, columns: cs.map((c) => `${c.column} (${c.category})`).join(", ") },
      });
  if (!out.some((f) => f.aspect === "declared"))
    out.push(
      byTable.size > 0
        ? { aspect: "declared", status: "pass", messageId: "allDeclared", data: { count: byTable.size } }
        : { aspect: "declared", status: "pass", messageId: "noPersonalData", data: { tables: s.done } },
    );
  const tag = p.non_production_tag;
  const max = p.max_kept_digits;
  if (!tags.includes(tag)) {
    out.push({ aspect: "masking", status: "not_applicable", messageId: "productionTarget", data: { tag } });
    out.push({ aspect: "masking_quality", status: "not_applicable", messageId: "productionTarget", data: { tag } });
  } else {
    const categories = p.masked_categories;
    for (const c of found.filter((x) => x.real > 0 && categories.includes(x.category ?? "")))
      out.push({
        aspect: "masking",
        status: "fail",
        messageId: "unmasked",
        subject: `${c.table}.${c.column}`,
        data: { table: c.table, column: c.column, category: c.category ?? "", real: c.real, sampled: c.sampled },
      });
    if (!out.some((f) => f.aspect === "masking"))
      out.push({
        aspect: "masking",
        status: "pass",
        messageId: "maskedOk",
        data: { categories: categories.join(", ") },
      });
    for (const c of found.filter((x) => x.weaklyMasked > 0))
      out.push({
        aspect: "masking_quality",
        status: "fail",
        messageId: "weakMasking",
        subject: `${c.table}.${c.column}`,
        data: {
          table: c.table,
          column: c.column,
          category: c.category ?? "",
          weak: c.weaklyMasked,
          masked: c.masked,
          max,
        },
      });
    if (!out.some((f) => f.aspect === "masking_quality"))
      out.push({ aspect: "masking_quality", status: "pass", messageId: "maskingQualityOk", data: { max } });
  }
  for (const f of s.failures)
    out.push({ aspect: "coverage", status: "error", messageId: "tableUnreadable", subject: f.table, data: f });
  const maxTables = p.max_tables;
  if (s.outOfTime)
    out.push({
      aspect: "coverage",
      status: "error",
      messageId: "budgetExhausted",
      data: { done: s.done, total: s.total, seconds: p.time_budget_seconds },
    });
  else if (s.total > maxTables)
    out.push({
      aspect: "coverage",
      status: "error",
      messageId: "tooManyTables",
      data: { total: s.total, max: maxTables },
    });
  else if (s.failures.length === 0)
    out.push({ aspect: "coverage", status: "pass", messageId: "covered", data: { total: s.total, rows: s.rows } });
  return out;
}

export default defineProbe({
  meta: {
    id: "pii_discovery",
    version: "1.0.0",
    title: "Personal-data discovery and masking",
    description:
      "Samples every table (bounded rows and time) for e-mail addresses, phone numbers, card numbers, IBANs, SSNs, dates of birth, IP addresses and declared patterns; flags undeclared personal-data tables, unmasked values on non-production copies and masking that keeps real digits.",
    targetTypes: ["postgres", "oracle"],
    params,
    privileges: [
      "PostgreSQL: GRANT USAGE ON SCHEMA <schema> TO <auditor>; -- each schema holding a declared table",
      "PostgreSQL: GRANT SELECT ON <sampled table> TO <auditor>; -- each table to sample (one it cannot read is an error finding for that table); pg_class and pg_attribute are readable by every role",
      "Oracle: SELECT on the tables to sample; ALL_TAB_COLUMNS, ALL_TABLES, ALL_USERS",
    ],
    aspects,
    messages,
  },
  async run({ params, target, signal, now }) {
    const at = now();
    const db: SqlTarget = target.handle;
    const s = await db.readOnly((src) => scan(src, params, signal, at), signal);
    return {
      facts: {
        tablesTotal: s.total,
        tablesSampled: s.done,
        rowsSampled: s.rows,
        unreadable: s.failures.map((f) => f.table),
        columns: s.profiles
          .filter((c) => c.category !== null)
          .map((c) => ({
            table: c.table,
            column: c.column,
            category: c.category,
            sampled: c.sampled,
            matched: c.matched,
            real: c.real,
            masked: c.masked,
            weaklyMasked: c.weaklyMasked,
            shape: c.example,
          })),
      },
      findings: judge(s, params, target.tags),
    };
  },
});
