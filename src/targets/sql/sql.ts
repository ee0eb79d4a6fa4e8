/**
 * @module The SQL layer both database targets implement. A probe sends *named statements* with
 * their declared result columns (`statement({ name, sql, views, columns })`): the name keys
 * recorded result sets in tests and names the statement in errors, `views` are the tables or views
 * it reads (named in missing-privilege messages and the docs), `columns` catch dictionary drift.
 * Both handles run a probe's work through `readOnly(work)` on a `SqlSource`; errors are one
 * `DatabaseError` (./errors.ts). Identifiers that reach SQL text come from the catalog, never from
 * a target, and are still validated and quoted here.
 */
import { DatabaseError, SqlIdentifierError } from "./errors.js";

export { SqlIdentifierError };

export type SqlDialect = "postgres" | "oracle";

/** A row as drivers return it: column name → value. */
export type SqlRow = Record<string, unknown>;

/** Bind values: positional (`$1` in PostgreSQL, `:1` in Oracle) or, in Oracle only, named (`:owner`). */
export type SqlBinds = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A named SELECT; `R` types its rows. */
export interface SqlStatement<R extends SqlRow = SqlRow> {
  /** Stable key, `<probe>.<what>`: recorded result sets are filed under it, errors name it. */
  readonly name: string;
  readonly sql: string;
  /** Tables or views the statement reads (named in missing-privilege errors and in the docs). */
  readonly views: readonly string[];
  /** Column names as the database returns them (Oracle upper case unless quoted), in select order. */
  readonly columns: readonly (keyof R & string)[];
}

export function statement<R extends SqlRow>(s: SqlStatement<R>): SqlStatement<R> {
  return s;
}

/**
 * The common statement: `SELECT <columns> FROM <view> <rest>`, its columns written once for the
 * select list and the result check, its one view named for errors.
 */
export function selectFrom<R extends SqlRow>(s: {
  readonly name: string;
  readonly view: string;
  readonly columns: readonly (keyof R & string)[];
  /** WHERE / ORDER BY / FETCH text after the view. */
  readonly rest?: string;
}): SqlStatement<R> {
  const sql = `SELECT ${s.columns.join(", ")} FROM ${s.view}${s.rest ? ` ${s.rest}` : ""}`;
  return { name: s.name, sql, views: [s.view], columns: s.columns };
}

/** What a probe may do on a database: read-only queries and constant-memory streams. */
export interface SqlSource {
  readonly dialect: SqlDialect;
  query<R extends SqlRow>(stmt: SqlStatement<R>, binds?: SqlBinds, signal?: AbortSignal): Promise<R[]>;
  /**
   * Rows one by one as text values in select order (`null` for SQL NULL), in constant memory, for
   * large tables. PostgreSQL streams `COPY … TO STDOUT` (no binds); Oracle a cursor (NUMBER as
   * decimal text, DATE/TIMESTAMP as ISO 8601 UTC, RAW as lower-case hex).
   */
  stream(stmt: SqlStatement, binds?: SqlBinds, signal?: AbortSignal): AsyncIterable<readonly (string | null)[]>;
}

/** A database target handle: each probe's work runs against one read-only `SqlSource`. */
export interface SqlTarget {
  readOnly<T>(work: (db: SqlSource) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A result whose columns differ from the statement's declaration means the dictionary changed shape. */
export function checkColumns(
  stmt: { readonly name: string; readonly columns: readonly string[] },
  got: readonly string[] | undefined,
): void {
  if (got === undefined) return;
  const want = stmt.columns.join(",");
  if (got.join(",") !== want)
    throw new DatabaseError("query", `statement ${stmt.name} returned columns ${got.join(",")}, expected ${want}`);
}

const SIMPLE = /^[A-Za-z_][A-Za-z0-9_$]*$/;
/** PostgreSQL truncates names beyond 63 bytes (NAMEDATALEN); Oracle 12.2+ allows 128. */
export const MAX_IDENT: Readonly<Record<SqlDialect, number>> = { postgres: 63, oracle: 128 };

/** Quote one identifier for the dialect; only simple identifiers are accepted. */
export function quoteIdent(dialect: SqlDialect, name: string): string {
  if (!SIMPLE.test(name) || name.length > MAX_IDENT[dialect])
    throw new SqlIdentifierError(
      `"${name}" is not a plain SQL identifier (letters, digits, _ and $, at most ${MAX_IDENT[dialect]} characters)`,
    );
  // Oracle folds unquoted names to upper case, PostgreSQL to lower case; quoting the folded
  // form keeps the catalog's spelling case-insensitive on both.
  return `"${dialect === "oracle" ? name.toUpperCase() : name.toLowerCase()}"`;
}

/** Split and quote `schema.table` (or `table`). */
export function qualifiedName(dialect: SqlDialect, name: string): string {
  const parts = name.split(".");
  if (parts.length > 2 || parts.some((p) => p === ""))
    throw new SqlIdentifierError(`"${name}" is not a table name of the form schema.table`);
  return parts.map((p) => quoteIdent(dialect, p)).join(".");
}

/** Parse `schema.table` into its parts, folding case for the dialect; schema defaults to `defaultSchema`. */
export function splitName(dialect: SqlDialect, name: string, defaultSchema: string): { schema: string; table: string } {
  qualifiedName(dialect, name);
  const fold = (s: string) => (dialect === "oracle" ? s.toUpperCase() : s.toLowerCase());
  const [a, b] = name.split(".");
  return b === undefined
    ? { schema: fold(defaultSchema), table: fold(a ?? "") }
    : { schema: fold(a ?? ""), table: fold(b) };
}

/** The positional placeholder of the n-th (1-based) bind parameter. */
export function placeholder(dialect: SqlDialect, n: number): string {
  return dialect === "oracle" ? `:${n}` : `$${n}`;
}
