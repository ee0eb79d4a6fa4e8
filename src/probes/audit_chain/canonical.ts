/**
 * @module Canonical forms of an audit record for the hash chain, over the record's text values in
 * the configured column order (`null` for SQL NULL):
 * - `text`: PostgreSQL `COPY … TO STDOUT` text format — values joined by a tab, `\N` for NULL,
 *   backslash, tab, newline, carriage return, backspace, form feed and vertical tab escaped. The
 *   PostgreSQL probe hashes the server's raw COPY bytes directly (fast path); other sources build
 *   the identical bytes with `canonicalText`.
 * - `json`: the JSON array of the values (`JSON.stringify`, which equals RFC 8785 for strings and null).
 * Values are text as the database prints it (PostgreSQL with `DateStyle=ISO`, `TimeZone=UTC`).
 */

export type CanonicalForm = "text" | "json";

const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

export function canonicalText(values: readonly (string | null)[]): string {
  return values.map((v) => (v === null ? "\\N" : v.replace(/[\\\b\f\n\r\t\v]/g, (c) => ESCAPES[c] ?? c))).join("\t");
}

export function canonicalJson(values: readonly (string | null)[]): string {
  return JSON.stringify(values);
}

export function canonicalize(form: CanonicalForm, values: readonly (string | null)[]): string {
  return form === "text" ? canonicalText(values) : canonicalJson(values);
}
