/**
 * @module Generic user exports (CSV with a header row, or JSON: an array of objects or `{ users: [...] }`)
 * → IdpData, through a column mapping given in the params. Only mapped columns are read.
 */
import { errorMessage } from "../../errors.js";
import { parse } from "csv-parse/sync";
import type { IdpAccount, IdpData } from "./model.js";

export interface ColumnMapping {
  readonly id: string;
  readonly username?: string;
  /** Column holding a boolean-ish MFA flag or a list of factor names. */
  readonly mfa: string;
  readonly roles?: string;
  readonly enabled?: string;
  readonly service?: string;
}

/** A cell as text; nested objects are not identifiers or flags, so they read as empty. */
const scalar = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";

const FALSY = new Set(["", "0", "false", "no", "n", "none", "disabled", "off", "null"]);
const TRUTHY = new Set(["1", "true", "yes", "y", "enabled", "on", "enrolled"]);

function list(v: unknown, sep: RegExp): string[] {
  if (Array.isArray(v))
    return v
      .map(scalar)
      .map((s) => s.trim())
      .filter(Boolean);
  return scalar(v)
    .split(sep)
    .map((s) => s.trim())
    .filter(Boolean);
}

function factors(v: unknown, sep: RegExp): string[] {
  if (typeof v === "boolean") return v ? ["mfa"] : [];
  if (Array.isArray(v)) return list(v, sep).map((f) => f.toLowerCase());
  const s = scalar(v).trim().toLowerCase();
  if (FALSY.has(s)) return [];
  if (TRUTHY.has(s)) return ["mfa"];
  return list(v, sep).map((f) => f.toLowerCase());
}

const flag = (v: unknown, dflt: boolean): boolean =>
  v === undefined ? dflt : typeof v === "boolean" ? v : !FALSY.has(scalar(v).trim().toLowerCase());

function rowsOf(text: string, format: "csv" | "json", path: string): Record<string, unknown>[] {
  try {
    if (format === "csv") return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
    const doc = JSON.parse(text) as unknown;
    const rows = Array.isArray(doc) ? doc : (doc as { users?: unknown } | null)?.users;
    if (!Array.isArray(rows)) throw new Error('expected an array of users or an object with a "users" array');
    return rows.filter((r): r is Record<string, unknown> => !!r && typeof r === "object");
  } catch (err) {
    throw new Error(`user export ${path} cannot be read as ${format.toUpperCase()}: ${errorMessage(err)}`);
  }
}

export function parseGeneric(
  text: string,
  format: "csv" | "json",
  path: string,
  m: ColumnMapping,
  separator: string,
): IdpData {
  const rows = rowsOf(text, format, path);
  const sep = new RegExp(`[${separator.replace(/[\]\\^-]/g, "\\$&")}]`);
  if (rows.length > 0) {
    const missing = [m.id, m.mfa, m.username, m.roles].filter(
      (c): c is string => c !== undefined && !(c in (rows[0] ?? {})),
    );
    if (missing.length > 0)
      throw new Error(
        `user export ${path} has no column ${missing.map((c) => `"${c}"`).join(", ")} (check params.mapping)`,
      );
  }
  const accounts: IdpAccount[] = rows.map((r) => ({
    id: scalar(r[m.id]),
    username: scalar(r[m.username ?? m.id]),
    enabled: flag(m.enabled ? r[m.enabled] : undefined, true),
    service: flag(m.service ? r[m.service] : undefined, false),
    factors: factors(r[m.mfa], sep),
    factorPending: false,
    roles: m.roles ? list(r[m.roles], sep) : [],
  }));
  return { source: format, realm: null, accounts, policy: null, clients: [] };
}
