/**
 * @module Live verification of completed erasure requests (GDPR Art. 17): the register keeps each
 * subject's key only as a SHA-256 hex digest; the database hashes the key column of each declared
 * personal-data table and says which digests still match a row. Only digests cross the wire, and
 * only request ids reach the evidence.
 */
import { type Static, Type } from "@sinclair/typebox";
import { placeholder, qualifiedName, quoteIdent, statement, type SqlSource } from "../../targets/sql/sql.js";

/** A personal-data table whose key column erasure is verified against. */
export const erasureTable = Type.Object(
  {
    table: Type.String(),
    key_column: Type.String(),
    /** Hash the lower-cased key (e-mail addresses), as the register did. */
    lower_case: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ErasureTable = Static<typeof erasureTable>;

const CHUNK = 500;

export function erasureSql(source: Pick<SqlSource, "dialect">, t: ErasureTable, count: number): string {
  const d = source.dialect;
  const col = quoteIdent(d, t.key_column);
  const binds = Array.from({ length: count }, (_, i) => placeholder(d, i + 1)).join(", ");
  if (d === "oracle") {
    const key = t.lower_case ? `LOWER(TO_CHAR(${col}))` : `TO_CHAR(${col})`;
    return `SELECT DISTINCT LOWER(RAWTOHEX(STANDARD_HASH(${key}, 'SHA256'))) AS "h" FROM ${qualifiedName(d, t.table)} WHERE LOWER(RAWTOHEX(STANDARD_HASH(${key}, 'SHA256'))) IN (${binds})`;
  }
  const key = t.lower_case ? `lower(${col}::text)` : `${col}::text`;
  const h = `encode(sha256(convert_to(${key}, 'UTF8')), 'hex')`;
  return `SELECT DISTINCT ${h} AS "h" FROM ${qualifiedName(d, t.table)} WHERE ${h} IN (${binds})`;
}

/** The digests (lower-case hex) that still match a row of the table. */
export async function stillPresent(
  source: SqlSource,
  t: ErasureTable,
  digests: readonly string[],
  signal: AbortSignal,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < digests.length; i += CHUNK) {
    const part = digests.slice(i, i + CHUNK);
    const stmt = statement<{ h: string }>({
      name: "dsr_register.erasure",
      sql: erasureSql(source, t, part.length),
      views: [source.dialect === "oracle" ? t.table.toUpperCase() : t.table],
      columns: ["h"],
    });
    for (const r of await source.query(stmt, part, signal)) found.add(r.h);
  }
  return found;
}
