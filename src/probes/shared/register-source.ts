/**
 * @module Where a register's rows come from: a `file` target (CSV, JSON, YAML) or a table on a
 * `postgres`/`oracle` target, selected column by column through the mapping (never `SELECT *`, so
 * no unmapped personal data is read), bounded by `max_rows`.
 */
import type { ProbeTarget } from "../define.js";
import {
  quoteIdent,
  qualifiedName,
  splitName,
  statement,
  type SqlSource,
  type SqlTarget,
} from "../../targets/sql/sql.js";
import {
  mapRows,
  parseRegisterText,
  registerFormat,
  RegisterError,
  type ColumnMap,
  type RegisterRow,
} from "./register.js";

export type RegisterTarget = ProbeTarget<"file"> | ProbeTarget<"postgres"> | ProbeTarget<"oracle">;

export interface RegisterSpec {
  /** `schema.table` holding the register on a database target. */
  readonly table?: string | undefined;
  readonly columns?: ColumnMap | undefined;
  readonly max_rows?: number | undefined;
}

/** Schema properties of a probe's `register` param (checks bind it to `${target:register}`). */
export const registerProperties = {
  table: { type: "string", description: "schema.table holding the register (database targets)." },
  columns: {
    type: "object",
    additionalProperties: { type: "string", minLength: 1 },
    description: "Register field → column name in the file or table.",
  },
  max_rows: { type: "integer", minimum: 1, default: 50000 },
} as const;

export function registerParam(extra: Record<string, unknown> = {}) {
  return {
    type: "object",
    additionalProperties: false,
    properties: { ...registerProperties, ...extra },
    description: "Where the register is and how its columns are named; `{}` for a file using the field names.",
  } as const;
}

export function registerSql(
  source: Pick<SqlSource, "dialect">,
  table: string,
  fields: readonly string[],
  columns: ColumnMap,
  limit: number,
): string {
  const d = source.dialect;
  const list = fields.map((f) => `${quoteIdent(d, columns[f] ?? f)} AS ${quoteIdent(d, f)}`).join(", ");
  const bound = d === "oracle" ? `FETCH FIRST ${limit} ROWS ONLY` : `LIMIT ${limit}`;
  return `SELECT ${list} FROM ${qualifiedName(d, table)} ${bound}`;
}

async function tableColumns(src: SqlSource, name: string, table: string, signal: AbortSignal): Promise<Set<string>> {
  const { schema, table: t } = splitName(src.dialect, table, src.dialect === "oracle" ? "USER" : "public");
  const oracle = src.dialect === "oracle";
  const stmt = statement<{ c: string }>({
    name: `${name}.columns`,
    sql: oracle
      ? 'SELECT COLUMN_NAME AS "c" FROM ALL_TAB_COLUMNS WHERE OWNER = :1 AND TABLE_NAME = :2'
      : "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
    views: [oracle ? "ALL_TAB_COLUMNS" : "information_schema.columns"],
    columns: ["c"],
  });
  const rows = await src.query(stmt, [schema, t], signal);
  return new Set(rows.map((r) => String(r.c).toLowerCase()));
}

/**
 * Rows of the register. Format problems throw `RegisterError`; database errors propagate with the
 * target's own error type, so the caller decides what ends the probe.
 */
export async function readRegister(
  target: RegisterTarget,
  spec: RegisterSpec,
  required: readonly string[],
  optional: readonly string[],
  statementName: string,
  signal: AbortSignal,
): Promise<RegisterRow[]> {
  const columns = spec.columns ?? {};
  const maxRows = spec.max_rows ?? 50000;
  if (target.type === "file") {
    const h = target.handle;
    const records = parseRegisterText(await h.readText(signal), registerFormat(h.path, h.format), maxRows);
    return mapRows(records, columns, required, optional);
  }
  if (!spec.table) throw new RegisterError(`a register on a ${target.type} target needs the param "table"`);
  const table = spec.table;
  const read = async (src: SqlSource) => {
    // Optional fields are read when the table has their column; a required one missing fails the query.
    const present = await tableColumns(src, statementName, table, signal);
    const fields = [...required, ...optional.filter((f) => present.has((columns[f] ?? f).toLowerCase()))];
    const fold = (f: string) => (src.dialect === "oracle" ? f.toUpperCase() : f.toLowerCase());
    const stmt = statement({
      name: statementName,
      sql: registerSql(src, table, fields, columns, maxRows + 1),
      views: [src.dialect === "oracle" ? table.toUpperCase() : table],
      columns: fields.map(fold),
    });
    const rows = await src.query(stmt, [], signal);
    if (rows.length > maxRows) throw new RegisterError(`${table} has more than max_rows ${maxRows} rows`);
    // Oracle returns upper-case aliases; the mapping is by field name.
    return mapRows(rows, {}, fields);
  };
  const db: SqlTarget = target.handle;
  return db.readOnly(read, signal);
}
