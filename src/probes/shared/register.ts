/**
 * @module Registers (data-subject requests, breaches, restore tests) kept as CSV, JSON or YAML files
 * or as a SQL table, read into rows keyed by the register's own field names through a declared
 * column mapping (`{ received: "Date received" }`). Values become text or null; dates are read
 * by `parseWhen`. A malformed file is a `RegisterError` with `line:col` where the parser gives one.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";

export type RegisterRow = Readonly<Record<string, string | null>>;

export class RegisterError extends Error {
  override readonly name = "RegisterError";
}

/** Columns mapping: register field → column name in the source. */
export type ColumnMap = Readonly<Record<string, string>>;

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Map source records to register rows; a mapped column absent from every record is an error. */
export function mapRows(
  records: readonly Record<string, unknown>[],
  columns: ColumnMap,
  required: readonly string[],
  optional: readonly string[] = [],
): RegisterRow[] {
  if (records.length > 0) {
    const seen = new Set(records.flatMap((r) => Object.keys(r)));
    const lower = new Map([...seen].map((k) => [k.toLowerCase(), k]));
    const absent = required.filter((f) => !lower.has((columns[f] ?? f).toLowerCase()));
    if (absent.length > 0)
      throw new RegisterError(
        `the register has no column ${absent.map((f) => `"${columns[f] ?? f}" (for ${f})`).join(", ")}; columns found: ${[...seen].slice(0, 20).join(", ")}`,
      );
  }
  const fields = [...new Set([...required, ...optional, ...Object.keys(columns)])];
  return records.map((r) => {
    const byLower = new Map(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));
    return Object.fromEntries(fields.map((f) => [f, text(byLower.get((columns[f] ?? f).toLowerCase()))]));
  });
}

/** Parse a register file's text by format (`csv`, `json`, `yaml`). JSON/YAML: a list, or `{ <key>: [...] }`. */
export function parseRegisterText(source: string, format: string, maxRows: number): Record<string, unknown>[] {
  let doc: unknown;
  try {
    if (format === "csv") doc = parseCsv(source, { columns: true, skip_empty_lines: true, bom: true, trim: true });
    else if (format === "json") doc = JSON.parse(source);
    else if (format === "yaml" || format === "yml") doc = parseYaml(source, { maxAliasCount: 100 });
    else throw new RegisterError(`unsupported register format "${format}" (csv, json, yaml)`);
  } catch (err) {
    if (err instanceof RegisterError) throw err;
    const e = err as { message?: string; lines?: number; linePos?: { line: number; col: number }[] };
    const pos = e.linePos?.[0]
      ? ` at line ${e.linePos[0].line}:${e.linePos[0].col}`
      : e.lines
        ? ` at line ${e.lines}`
        : "";
    // Parser messages can quote the offending text; keep only their first clause.
    const why = (e.message ?? String(err)).split(/[:\n]/)[0];
    throw new RegisterError(`not valid ${format.toUpperCase()}${pos}: ${why}`);
  }
  const list = Array.isArray(doc)
    ? doc
    : doc && typeof doc === "object" && Object.values(doc).length === 1 && Array.isArray(Object.values(doc)[0])
      ? (Object.values(doc)[0] as unknown[])
      : null;
  if (!list) throw new RegisterError("the register must be a list of records (or an object holding one list)");
  if (list.length > maxRows)
    throw new RegisterError(`the register has ${list.length} records, more than max_rows ${maxRows}`);
  list.forEach((r, i) => {
    if (!r || typeof r !== "object" || Array.isArray(r)) throw new RegisterError(`record ${i + 1} is not an object`);
  });
  return list as Record<string, unknown>[];
}

/** The format of a file target: its connection's hint, else its extension. */
export function registerFormat(path: string, hint: string | undefined): string {
  return (hint ?? /\.([a-z]+)$/i.exec(path)?.[1] ?? "").toLowerCase();
}

/** ISO 8601 date or date-time (UTC when no offset), or null when empty; an unreadable value throws. */
export function parseWhen(value: string | null, field: string): Date | null {
  if (value === null) return null;
  const v = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value.replace(" ", "T");
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`;
  const d = new Date(withZone);
  if (Number.isNaN(d.getTime())) throw new RegisterError(`${field} is not an ISO 8601 date`);
  return d;
}

/** Yes-like values of a flag column. */
export function truthy(value: string | null): boolean {
  return value !== null && /^(true|yes|y|1|x|done)$/i.test(value);
}
