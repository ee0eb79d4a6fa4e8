/**
 * @module The dialect boundary: an Oracle session seen as the shared `SqlSource` (dialect
 * `oracle`), so the PostgreSQL/Oracle logic in src/probes/shared (retention, hash chain) runs
 * unchanged. Shared builders produce the SQL; this adapter names each statement (for errors and
 * recorded results) and binds positional `:1…` params.
 */
import type { SqlRow, SqlSource } from "../../probes/shared/sql.js";
import { OracleTargetError } from "./errors.js";
import type { OracleBindValue, OracleSession } from "./session.js";

export interface SqlSourceNaming {
  /** Stable statement key, e.g. `ora_retention.dataset`. */
  readonly name: string;
  /** Objects the shared SQL reads (named in missing-privilege messages). */
  readonly views: readonly string[];
}

function bindValue(v: unknown): OracleBindValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || v instanceof Date) return v;
  throw new OracleTargetError("other", `cannot bind a ${typeof v} value to an Oracle statement`, undefined);
}

export function oracleSqlSource(session: OracleSession, naming: SqlSourceNaming): SqlSource {
  // Shared SQL declares no column list; an empty list turns the column-shape check off.
  const stmt = (sql: string) => ({ name: naming.name, sql, views: naming.views, columns: [] });
  return {
    dialect: "oracle",
    async query<R extends SqlRow = SqlRow>(
      sql: string,
      params: readonly unknown[] = [],
      signal?: AbortSignal,
    ): Promise<R[]> {
      signal?.throwIfAborted();
      const rows = await session.query(stmt(sql), params.map(bindValue));
      return rows as unknown as R[];
    },
    streamText(sql: string, signal?: AbortSignal): AsyncIterable<readonly (string | null)[]> {
      signal?.throwIfAborted();
      return session.streamText(stmt(sql));
    },
  };
}
