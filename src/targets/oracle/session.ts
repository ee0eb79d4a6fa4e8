/**
 * @module The Oracle handle probes receive. Every probe's work runs in its own read-only
 * transaction on one pooled connection (`SET TRANSACTION READ ONLY`, then ROLLBACK). Statements are
 * named values (name, SQL, views read, columns returned) so errors can say which view was missing
 * and recorded-result tests can key on a stable name. Below this file sits only the raw driver.
 */
import { mapOracleError, OracleTargetError, type ErrorContext } from "./errors.js";

/** Column values as node-oracledb returns them: NUMBER → number, VARCHAR2 → string, DATE/TIMESTAMP → Date. */
export type OracleValue = string | number | Date | null;
export type OracleRow = Readonly<Record<string, OracleValue>>;
export type OracleBindValue = string | number | Date | null;
/** Named (`:owner`) or positional (`:1`) binds. */
export type OracleBinds = Readonly<Record<string, OracleBindValue>> | readonly OracleBindValue[];

/** A named SELECT. `R` types its rows; `columns` are the UPPERCASE names Oracle returns. */
export interface OracleStatement<R extends OracleRow = OracleRow> {
  /** Stable key, `<probe>.<what>`; recorded result sets are filed under it. */
  readonly name: string;
  readonly sql: string;
  /** Dictionary views the statement reads (named in missing-privilege errors and in the docs). */
  readonly views: readonly string[];
  /** Empty for SQL built by shared logic: then the result's shape is not checked. */
  readonly columns: readonly (keyof R & string)[];
}

export function statement<R extends OracleRow>(s: OracleStatement<R>): OracleStatement<R> {
  return s;
}

/** What a probe may do inside its read-only transaction. */
export interface OracleSession {
  query<R extends OracleRow>(stmt: OracleStatement<R>, binds?: OracleBinds): Promise<R[]>;
  /**
   * Rows one by one as text values in select order, for large tables (audit trails), in constant
   * memory: VARCHAR2 as stored, NUMBER as Oracle's decimal text, DATE/TIMESTAMP as ISO 8601 UTC,
   * RAW as lower-case hex.
   */
  streamText(stmt: OracleStatement, binds?: OracleBinds): AsyncIterable<readonly (string | null)[]>;
}

/** The `oracle` target handle (`ctx.target.handle`). */
export interface OracleHandle {
  readonly user: string;
  /** `host:port/service`, never with credentials. */
  readonly address: string;
  readOnly<T>(work: (session: OracleSession) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** The slice of a node-oracledb connection this layer uses; tests replace it with recorded results. */
export interface RawConnection {
  callTimeout: number;
  /** `name` is the statement's stable key; the driver ignores it, recorded results are filed under it. */
  execute(
    sql: string,
    binds: OracleBinds,
    name: string,
  ): Promise<{ rows?: unknown[] | undefined; metaData?: readonly { name: string }[] | undefined }>;
  /** Rows as arrays in select order, NUMBER columns fetched as text. */
  queryText(sql: string, binds: OracleBinds, name: string): AsyncIterable<readonly unknown[]>;
  rollback(): Promise<void>;
  break(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectionSource {
  getConnection(): Promise<RawConnection>;
  close(): Promise<void>;
}

export interface HandleInfo {
  readonly user: string;
  readonly address: string;
  readonly callTimeoutMs: number;
  readonly secrets: readonly string[];
}

export function createOracleHandle(source: ConnectionSource, info: HandleInfo): OracleHandle {
  const ctx = (views?: readonly string[]): ErrorContext => ({
    user: info.user,
    address: info.address,
    callTimeoutMs: info.callTimeoutMs,
    secrets: info.secrets,
    ...(views ? { views } : {}),
  });
  return {
    user: info.user,
    address: info.address,
    async readOnly<T>(work: (session: OracleSession) => Promise<T>, signal?: AbortSignal): Promise<T> {
      signal?.throwIfAborted();
      let conn: RawConnection;
      try {
        conn = await source.getConnection();
      } catch (err) {
        throw mapOracleError(err, ctx());
      }
      const onAbort = (): void => void conn.break().catch(() => undefined);
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        conn.callTimeout = info.callTimeoutMs;
        await conn.execute("SET TRANSACTION READ ONLY", {}, "set_transaction_read_only").catch((err: unknown) => {
          throw mapOracleError(err, ctx());
        });
        return await work(sessionOn(conn, ctx));
      } finally {
        signal?.removeEventListener("abort", onAbort);
        await conn.rollback().catch(() => undefined);
        await conn.close().catch(() => undefined);
      }
    },
  };
}

function sessionOn(conn: RawConnection, ctx: (views?: readonly string[]) => ErrorContext): OracleSession {
  return {
    async query<R extends OracleRow>(stmt: OracleStatement<R>, binds: OracleBinds = {}): Promise<R[]> {
      let result: Awaited<ReturnType<RawConnection["execute"]>>;
      try {
        result = await conn.execute(stmt.sql, binds, stmt.name);
      } catch (err) {
        throw mapOracleError(err, ctx(stmt.views));
      }
      checkColumns(
        stmt,
        result.metaData?.map((m) => m.name),
      );
      return (result.rows ?? []) as R[];
    },
    async *streamText(stmt: OracleStatement, binds: OracleBinds = {}): AsyncIterable<readonly (string | null)[]> {
      try {
        for await (const row of conn.queryText(stmt.sql, binds, stmt.name)) yield row.map(textOf);
      } catch (err) {
        throw mapOracleError(err, ctx(stmt.views));
      }
    },
  };
}

/** A result whose columns differ from the statement's declaration means the dictionary changed shape. */
function checkColumns(
  stmt: { readonly name: string; readonly columns: readonly string[] },
  got: readonly string[] | undefined,
): void {
  if (got === undefined || stmt.columns.length === 0) return;
  const want = stmt.columns.join(",");
  if (got.join(",") !== want) {
    throw new OracleTargetError(
      "other",
      `statement ${stmt.name} returned columns ${got.join(",")}, expected ${want}`,
      undefined,
    );
  }
}

function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "string") return v;
  // RAW columns (e.g. a RAW(32) hash) arrive as Buffers: lower-case hex, as RAWTOHEX would print.
  if (Buffer.isBuffer(v)) return v.toString("hex");
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  throw new OracleTargetError(
    "other",
    "a streamed column has a type that cannot be read as text (LOB or object); select it as VARCHAR2",
    undefined,
  );
}
