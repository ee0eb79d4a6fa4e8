/**
 * @module Addressing the data dictionary with catalog-declared names. Lists are bound as one
 * comma-wrapped string (`,APP.CUSTOMERS,APP.ORDERS,`) matched with INSTR, so each statement's SQL
 * text stays fixed whatever the list length (stable keys for recorded results, cached cursors).
 */
import { splitName } from "../../targets/sql/sql.js";

/** `schema.table` as Oracle stores it (upper case); the schema defaults to the connected user. */
export function oracleTableName(name: string, defaultSchema: string): { owner: string; table: string; key: string } {
  const { schema, table } = splitName("oracle", name, defaultSchema);
  return { owner: schema, table, key: `${schema}.${table}` };
}

/** `,A,B,` for `INSTR(:list, ',' || COLUMN || ',') > 0`. */
export function bindList(items: Iterable<string>): string {
  return `,${[...new Set(items)].join(",")},`;
}

const DAY_MS = 86_400_000;

/** Whole days between a past instant and now (never negative). */
export function ageDays(then: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / DAY_MS));
}

/** Oracle Y/N, YES/NO flags. */
export const yes = (v: unknown): boolean => v === "YES" || v === "Y";
