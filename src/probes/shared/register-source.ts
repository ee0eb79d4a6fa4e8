/**
 * @module Where a register's rows come from: a `file` target (CSV, JSON, YAML) or a table on a
 * `postgres`/`oracle` target, selected column by column through the mapping (never `SELECT *`, so
 * no unmapped personal data is read), bounded by `max_rows`.
 */
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import type { TObject } from "@sinclair/typebox";
import {
  defineProbe,
  everyAspect,
  type ParamsOf,
  type ProbeContext,
  type ProbeMetaInput,
  type ProbeOutput,
  type ProbeTarget,
} from "../define.js";
import { withDefault } from "../params.js";
import { localFailure } from "./sql-errors.js";
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

/** What every register probe declares: the targets a register is read from, and the least privilege. */
export const REGISTER_META = {
  targetTypes: ["file", "postgres", "oracle"],
  privileges: [
    "file: read access to the register file",
    "PostgreSQL: GRANT SELECT (<register columns>) ON <register table> TO <auditor>; -- the register table's mapped columns",
    "Oracle: SELECT on the register table's mapped columns",
  ],
} as const;

/** The fields a probe reads from its register (the rest is never selected), and its statement's name. */
export interface RegisterFields {
  readonly required: readonly string[];
  /** Read when the file or table has them. */
  readonly optional?: readonly string[];
  readonly statementName: string;
}

export type RegisterTarget = ProbeTarget<"file"> | ProbeTarget<"postgres"> | ProbeTarget<"oracle">;

const MAX_ROWS = 50000;

const registerProperties = {
  /** `schema.table` holding the register on a database target. */
  table: Type.Optional(Type.String({ description: "schema.table holding the register (database targets)." })),
  columns: Type.Optional(
    Type.Record(Type.String(), Type.String({ minLength: 1 }), {
      description: "Register field → column name in the file or table.",
    }),
  ),
  max_rows: withDefault(Type.Integer({ minimum: 1 }), MAX_ROWS),
};

/**
 * A probe's `register` param (checks bind it to `${target:register}`), `{}` when left out; `extra`
 * adds the probe's own keys.
 */
export function registerParam<E extends Record<string, TSchema>>(extra: E = {} as E) {
  const schema = Type.Object(
    { ...registerProperties, ...extra },
    {
      additionalProperties: false,
      description: "Where the register is and how its columns are named; `{}` for a file using the field names.",
    },
  );
  return withDefault(schema, {} as Static<typeof schema>);
}

/**
 * Where the register is. `max_rows` is optional in the type only: a nested default is filled by the
 * engine (`runProbe`) but not known to `ParamsOf`, which sees the top level.
 */
export type RegisterSpec = Static<ReturnType<typeof registerParam<Record<never, TSchema>>>>;

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

/**
 * The register table's column names (lower case). An unqualified table is looked up in the session's
 * current schema, where the SELECT finds it: `SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')` on Oracle
 * (the login user's schema unless ALTER SESSION SET CURRENT_SCHEMA changed it), `current_schema()`
 * on PostgreSQL (the first schema of the search_path that exists).
 */
async function tableColumns(src: SqlSource, name: string, table: string, signal: AbortSignal): Promise<Set<string>> {
  const oracle = src.dialect === "oracle";
  const { schema, table: t } = splitName(src.dialect, table, "");
  const owner =
    schema !== "" ? (oracle ? ":2" : "$2") : oracle ? "SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')" : "current_schema()";
  const stmt = statement<{ c: string }>({
    name: `${name}.columns`,
    sql: oracle
      ? `SELECT COLUMN_NAME AS "c" FROM ALL_TAB_COLUMNS WHERE TABLE_NAME = :1 AND OWNER = ${owner}`
      : `SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 AND table_schema = ${owner}`,
    views: [oracle ? "ALL_TAB_COLUMNS" : "information_schema.columns"],
    columns: ["c"],
  });
  const rows = await src.query(stmt, schema !== "" ? [t, schema] : [t], signal);
  return new Set(rows.map((r) => String(r.c).toLowerCase()));
}

/**
 * Rows of the register. Format problems throw `RegisterError`; database errors propagate with the
 * target's own error type, so the caller decides what ends the probe.
 */
export async function readRegister(
  target: RegisterTarget,
  spec: RegisterSpec,
  { required, optional = [], statementName }: RegisterFields,
  signal: AbortSignal,
): Promise<RegisterRow[]> {
  const columns = spec.columns ?? {};
  const maxRows = spec.max_rows ?? MAX_ROWS;
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

/** What a register probe returns when its register cannot be read: an error finding on every aspect. */
export function unreadableRegister<A extends string>(
  aspects: Readonly<Record<A, string>>,
  reason: string,
): ProbeOutput<"registerUnreadable", A> {
  return { facts: { error: reason }, findings: everyAspect(aspects, "error", "registerUnreadable", { reason }) };
}

type RegisterType = (typeof REGISTER_META.targetTypes)[number];

/**
 * Define a register probe: the meta without target types and privileges (`REGISTER_META`'s, unless
 * the probe lists its own privileges), the fields it reads, and `judge(rows, ctx)`. A register that
 * cannot be read (its format, a missing or denied table) is an error finding on every aspect; a
 * target that cannot be read at all throws. `meta.params` declares `register` (`registerParam()`).
 */
export function defineRegisterProbe<const S extends TObject, const M extends string, const A extends string>(probe: {
  readonly meta: Omit<ProbeMetaInput<S, M | "registerUnreadable", A, RegisterType>, "targetTypes" | "privileges"> & {
    readonly privileges?: readonly string[];
  };
  readonly fields: RegisterFields;
  judge(
    rows: RegisterRow[],
    ctx: ProbeContext<ParamsOf<S>, RegisterType>,
  ): ProbeOutput<M, A> | Promise<ProbeOutput<M, A>>;
}) {
  const { meta, fields } = probe;
  return defineProbe({
    meta: { ...REGISTER_META, ...meta },
    async run(ctx: ProbeContext<ParamsOf<S>, RegisterType>): Promise<ProbeOutput<M | "registerUnreadable", A>> {
      const spec = (ctx.params as unknown as { readonly register: RegisterSpec }).register;
      const read = await tryReadRegister(ctx.target as RegisterTarget, spec, fields, ctx.signal);
      return read.ok ? probe.judge(read.rows, ctx) : unreadableRegister(meta.aspects, read.reason);
    },
  });
}

/** What reading a register gave: its rows, or why this register (and only it) could not be read. */
export type RegisterRead =
  | { readonly ok: true; readonly rows: RegisterRow[] }
  | { readonly ok: false; readonly reason: string };

/**
 * `readRegister`, with what fails this register alone (its format, a missing or denied table) as a
 * reason; an error that means the target cannot be read at all is thrown.
 */
export async function tryReadRegister(...args: Parameters<typeof readRegister>): Promise<RegisterRead> {
  try {
    return { ok: true, rows: await readRegister(...args) };
  } catch (err) {
    const reason = localFailure(err);
    if (reason === undefined) throw err;
    return { ok: false, reason };
  }
}
