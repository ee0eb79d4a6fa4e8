/**
 * @module Dates that do not depend on the auditor's time zone. node-oracledb thin reads DATE and
 * TIMESTAMP values as JavaScript Dates in the Node host's *local* time zone, and the session's time
 * zone follows the client's. Every session is therefore set to UTC with ISO 8601 formats, DATE,
 * TIMESTAMP and TIMESTAMP WITH LOCAL TIME ZONE columns are fetched as that text, and the text is
 * read as UTC here — so audit timestamps and hash-chain canonical forms are the same wherever
 * Assay runs (https://node-oracledb.readthedocs.io/en/latest/user_guide/sql_execution.html,
 * "Fetching Dates and Timestamps").
 */
import { DatabaseError } from "../sql/errors.js";

/** Run first in every session, before its read-only transaction. */
export const SESSION_UTC_SQL =
  "ALTER SESSION SET TIME_ZONE = 'UTC'" +
  " NLS_DATE_FORMAT = 'YYYY-MM-DD\"T\"HH24:MI:SS'" +
  " NLS_TIMESTAMP_FORMAT = 'YYYY-MM-DD\"T\"HH24:MI:SS.FF3'";

const SESSION_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;

/** A DATE/TIMESTAMP value as the UTC session prints it → the instant it names. */
export function dateFromSessionText(text: string | null): Date | null {
  if (text === null) return null;
  if (!SESSION_TEXT.test(text))
    throw new DatabaseError("query", `a date value "${text.slice(0, 40)}" is not in the session's ISO format`);
  // Milliseconds are all a JavaScript Date keeps; the session prints three fractional digits.
  return new Date(`${text.replace(/(\.\d{3})\d+$/, "$1")}Z`);
}

/** An instant as the text TO_TIMESTAMP(:x, 'YYYY-MM-DD"T"HH24:MI:SS.FF3') reads back in a UTC session. */
export function sessionTextOf(date: Date): string {
  return date.toISOString().slice(0, 23);
}
