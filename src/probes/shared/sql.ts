/**
 * @module The SQL boundary shared by the PostgreSQL and Oracle probes. Both target handles
 * implement `SqlSource`; shared probe logic (retention, hash chain, role matrix) is written once
 * against it and receives dialect-specific SQL from the small builders here. Identifiers that reach
 * SQL text come from the catalog, never from a target, and are still validated and quoted.
 */
import { AssayError } from "../../errors.js";

export type SqlDialect = "postgres" | "oracle";

/** A row as drivers return it: column name → value. */
export type SqlRow = Record<string, unknown>;

export interface SqlSource {
  readonly dialect: SqlDialect;
  /**
   * Run one read-only query with positional params (`$1` in PostgreSQL, `:1` in Oracle).
   * Errors carry a clear, redacted message (no password, no connection string).
   */
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[], signal?: AbortSignal): Promise<R[]>;
  /**
   * Stream the raw rows of a query in constant memory, as arrays of text values in select order
   * (`null` for SQL NULL). PostgreSQL uses `COPY … TO STDOUT`; Oracle a result-set cursor.
   */
  streamText?(sql: string, signal?: AbortSignal): AsyncIterable<readonly (string | null)[]>;
}

export class SqlIdentifierError extends AssayError {
  override readonly name = "SqlIdentifierError";
}

const SIMPLE = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Quote one identifier for the dialect; only simple identifiers are accepted. */
export function quoteIdent(dialect: SqlDialect, name: string): string {
  if (!SIMPLE.test(name))
    throw new SqlIdentifierError(`"${name}" is not a plain SQL identifier (letters, digits, _ and $)`);
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
