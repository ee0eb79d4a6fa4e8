/**
 * @module One error for both databases. `DatabaseError.kind` comes from the driver's code —
 * PostgreSQL's SQLSTATE (`err.code`), Oracle's `ORA-nnnnn`/`NJS-nnn`, a socket's errno — never from
 * message text. The kind decides what a probe does: connection-class errors (connection, auth,
 * timeout) end the probe, because nothing else on the target can be read either; object-level
 * errors (privilege, missing_object, query) fail the one object (table, dataset, view) that was
 * being read, and the probe goes on.
 */

import { AssayError } from "../../errors.js";

export type DatabaseErrorKind = "connection" | "auth" | "privilege" | "missing_object" | "timeout" | "query";

export class DatabaseError extends AssayError {
  override readonly name = "DatabaseError";
  constructor(
    readonly kind: DatabaseErrorKind,
    message: string,
    /** SQLSTATE, ORA-/NJS-/DPI- code or errno, when the driver gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A table or column name from the catalog that cannot be written safely into SQL text. */
export class SqlIdentifierError extends AssayError {
  override readonly name = "SqlIdentifierError";
}

const OBJECT_LEVEL: ReadonlySet<DatabaseErrorKind> = new Set(["privilege", "missing_object", "query"]);

/**
 * The reason one object could not be read, or `undefined` when the error must end the probe
 * (connection-class database errors, and anything that is not a database error at all).
 */
export function objectFailure(err: unknown): string | undefined {
  if (err instanceof DatabaseError) return OBJECT_LEVEL.has(err.kind) ? err.message : undefined;
  if (err instanceof SqlIdentifierError) return err.message;
  return undefined;
}

/** The same rule as a predicate: true for errors that end the probe. */
export function endsProbe(err: unknown): boolean {
  return objectFailure(err) === undefined;
}

/** Socket errno values: the target cannot be reached or the connection broke. */
const ERRNO: Readonly<Record<string, DatabaseErrorKind>> = {
  ECONNREFUSED: "connection",
  ECONNRESET: "connection",
  EPIPE: "connection",
  ENOTFOUND: "connection",
  EAI_AGAIN: "connection",
  EHOSTUNREACH: "connection",
  ENETUNREACH: "connection",
  ETIMEDOUT: "timeout",
};

/** PostgreSQL SQLSTATE (Appendix A, "PostgreSQL Error Codes") → kind; exact codes first, then the class. */
const SQLSTATE: Readonly<Record<string, DatabaseErrorKind>> = {
  "42501": "privilege", // insufficient_privilege
  "42P01": "missing_object", // undefined_table
  "42703": "missing_object", // undefined_column
  "42704": "missing_object", // undefined_object
  "42883": "missing_object", // undefined_function
  "3F000": "missing_object", // invalid_schema_name
  "3D000": "connection", // invalid_catalog_name: the database itself does not exist
  "57014": "timeout", // query_canceled (statement_timeout)
  "25P03": "timeout", // idle_in_transaction_session_timeout
  "57P01": "connection", // admin_shutdown
  "57P02": "connection", // crash_shutdown
  "57P03": "connection", // cannot_connect_now
};
const SQLSTATE_CLASS: Readonly<Record<string, DatabaseErrorKind>> = {
  "08": "connection", // connection_exception
  "28": "auth", // invalid_authorization_specification
  "53": "connection", // insufficient_resources (too many connections, out of memory)
  "57": "connection", // operator_intervention
  "58": "connection", // system_error
};

/**
 * Kind of a `pg` error. Every error the server reports carries a five-character SQLSTATE; an error
 * without one was raised by the client (socket closed, TLS refused, connection terminated), so it
 * is connection-class.
 */
export function pgErrorKind(code: string | undefined): DatabaseErrorKind {
  if (code === undefined) return "connection";
  const errno = ERRNO[code];
  if (errno) return errno;
  if (!/^[0-9A-Z]{5}$/.test(code)) return "connection";
  return SQLSTATE[code] ?? SQLSTATE_CLASS[code.slice(0, 2)] ?? "query";
}

/** node-oracledb thin codes (server `ORA-`, driver `NJS-`, thick `DPI-`) → kind. */
const ORACLE: Readonly<Record<string, DatabaseErrorKind>> = {
  "ORA-01017": "auth", // invalid username/password
  "ORA-01005": "auth", // null password given
  "ORA-28000": "auth", // account locked
  "ORA-28001": "auth", // password expired
  "ORA-01045": "auth", // user lacks CREATE SESSION
  "ORA-01031": "privilege", // insufficient privileges
  // "table or view does not exist" is also what Oracle answers for an object the user may not see.
  "ORA-00942": "privilege",
  "ORA-00904": "missing_object", // invalid identifier (a declared column that does not exist)
  "ORA-01555": "query", // snapshot too old: that read failed, the session is fine
  "ORA-01013": "timeout", // call interrupted by connection.break() (our deadline)
  "ORA-03156": "timeout",
  "NJS-040": "timeout",
  "NJS-123": "timeout",
  "NJS-510": "timeout",
  "DPI-1067": "timeout",
  "ORA-12541": "connection", // no listener
  "ORA-12514": "connection", // service unknown to the listener
  "ORA-12505": "connection",
  "ORA-03113": "connection", // end-of-file on communication channel
  "ORA-03114": "connection",
  "ORA-03135": "connection",
  "NJS-500": "connection",
  "NJS-501": "connection",
  "NJS-503": "connection",
  "NJS-511": "connection",
  "NJS-514": "connection",
  "NJS-515": "connection",
  "NJS-518": "connection",
  "NJS-519": "connection",
  "NJS-521": "connection",
  "NJS-533": "connection", // server requires native network encryption, which thin mode lacks
  "NJS-003": "connection", // invalid or closed connection
};

/** Kind of an Oracle error code; an unknown `ORA-` is a query error, an unknown client code connection-class. */
export function oracleErrorKind(code: string | undefined): DatabaseErrorKind {
  if (code === undefined) return "connection";
  const known = ORACLE[code] ?? ERRNO[code];
  if (known) return known;
  return code.startsWith("ORA-") ? "query" : "connection";
}

/** Errno of an error's `cause` (node-oracledb wraps socket errors), or undefined. */
export function causeCode(err: unknown): string | undefined {
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}
