/**
 * @module The SQL of `pii_discovery` per dialect: the candidate columns (text, date, address and
 * large-number types, system schemas left out) with the planner's row estimate, and a bounded
 * sample of one table (`TABLESAMPLE SYSTEM` / `SAMPLE BLOCK` sized from the estimate, so the cost
 * follows the sample size rather than the table size, plus a row limit).
 */
import { statement, type SqlDialect, type SqlRow, type SqlStatement } from "../../targets/sql/sql.js";

export interface CandidateColumn {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** Planner estimate of the table's rows (-1 or 0 when never analysed). */
  readonly estimate: number;
}

function columnsText(dialect: SqlDialect, schemaCount: number): string {
  if (dialect === "oracle") {
    const only =
      schemaCount > 0
        ? `AND c.OWNER IN (${Array.from({ length: schemaCount }, (_, i) => `:${i + 1}`).join(", ")})`
        : "";
    return `SELECT c.OWNER AS "schema", c.TABLE_NAME AS "table", c.COLUMN_NAME AS "column", NVL(t.NUM_ROWS, -1) AS "estimate" FROM ALL_TAB_COLUMNS c JOIN ALL_TABLES t ON t.OWNER = c.OWNER AND t.TABLE_NAME = c.TABLE_NAME JOIN ALL_USERS u ON u.USERNAME = c.OWNER WHERE u.ORACLE_MAINTAINED = 'N' AND c.DATA_TYPE IN ('VARCHAR2', 'NVARCHAR2', 'CHAR', 'NCHAR', 'DATE', 'NUMBER') ${only} ORDER BY c.OWNER, c.TABLE_NAME, c.COLUMN_ID`;
  }
  const only = schemaCount > 0 ? "AND n.nspname = ANY($1::text[])" : "";
  return `SELECT n.nspname AS schema, c.relname AS "table", a.attname AS "column", c.reltuples::float8 AS estimate
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_type t ON t.oid = a.atttypid
    WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      AND (t.typcategory IN ('S', 'D', 'I') OR t.typname IN ('int8', 'numeric')) ${only}
    ORDER BY n.nspname, c.relname, a.attnum`;
}

/** Percentage of blocks to sample so that about three times `rows` rows are read; null = read the table head. */
export function samplePercent(estimate: number, rows: number): number | null {
  if (estimate <= 0 || estimate <= rows * 3) return null;
  return Math.max(0.0001, Math.min(99, Math.ceil(((rows * 3) / estimate) * 100 * 10000) / 10000));
}

/** One sample of one table: its columns, at most `rows` rows, from `percent` of its blocks (null: the head). */
export interface SampleSpec {
  readonly dialect: SqlDialect;
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: number;
  readonly percent: number | null;
}

function sampleText({ dialect, schema, table, columns, rows, percent }: SampleSpec): string {
  // Names come from the dictionary; quote them exactly as stored.
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const from = `${q(schema)}.${q(table)}`;
  if (dialect === "oracle") {
    // Values come back typed (DATE as a Date, NUMBER as a number) and are turned into text by the caller.
    const list = columns.map((c, i) => `${q(c)} AS "c${i}"`).join(", ");
    const sample = percent === null ? "" : ` SAMPLE BLOCK (${percent})`;
    return `SELECT ${list} FROM ${from}${sample} FETCH FIRST ${rows} ROWS ONLY`;
  }
  const list = columns.map((c, i) => `${q(c)}::text AS c${i}`).join(", ");
  const sample = percent === null ? "" : ` TABLESAMPLE SYSTEM (${percent})`;
  return `SELECT ${list} FROM ${from}${sample} LIMIT ${rows}`;
}

export interface ColumnRow extends SqlRow {
  schema: string;
  table: string;
  column: string;
  estimate: number;
}

export function columnsStatement(dialect: SqlDialect, schemaCount: number): SqlStatement<ColumnRow> {
  return statement<ColumnRow>({
    name: "pii_discovery.columns",
    sql: columnsText(dialect, schemaCount),
    views:
      dialect === "oracle" ? ["ALL_TAB_COLUMNS", "ALL_TABLES", "ALL_USERS"] : ["pg_class", "pg_attribute", "pg_type"],
    columns: ["schema", "table", "column", "estimate"],
  });
}

export function sampleStatement(spec: SampleSpec): SqlStatement {
  return statement({
    name: "pii_discovery.sample",
    sql: sampleText(spec),
    views: [`${spec.schema}.${spec.table}`],
    columns: spec.columns.map((_, i) => `c${i}`),
  });
}
