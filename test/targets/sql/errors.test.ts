/** The kind of a database error comes from its code alone, and decides whether a probe goes on. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { mapOracleError } from "../../../src/targets/oracle/errors.js";
import { describePgError } from "../../../src/targets/postgres/errors.js";
import {
  DatabaseError,
  endsProbe,
  objectFailure,
  oracleErrorKind,
  pgErrorKind,
  SqlIdentifierError,
} from "../../../src/targets/sql/errors.js";

const where = { host: "db", port: 5432, user: "assay_ro", database: "dwh", password: "pw-Secret-1" };
const pgError = (code: string | undefined, message: string) => Object.assign(new Error(message), { code });

test("PostgreSQL: SQLSTATE decides the kind, whatever the message says", () => {
  const cases: [string | undefined, string, string][] = [
    ["42P01", 'relation "staging.lost_and_refused" does not exist', "missing_object"],
    ["42501", "permission denied for table connection_timed_out", "privilege"],
    ["42703", 'column "lost" does not exist', "missing_object"],
    ["3F000", 'schema "x" does not exist', "missing_object"],
    ["57014", "canceling statement due to statement timeout", "timeout"],
    ["28P01", "password authentication failed", "auth"],
    ["08006", "connection failure", "connection"],
    ["57P01", "terminating connection due to administrator command", "connection"],
    ["53300", "too many connections", "connection"],
    ["22P02", "invalid input syntax", "query"],
    ["ECONNREFUSED", "connect ECONNREFUSED", "connection"],
    [undefined, "Connection terminated unexpectedly", "connection"],
  ];
  for (const [code, message, kind] of cases) {
    const e = describePgError(pgError(code, message), where);
    assert.ok(e instanceof DatabaseError);
    assert.equal(e.kind, kind, `${code ?? "no code"}: ${message}`);
    assert.equal(e.code, code);
    assert.equal(pgErrorKind(code), kind);
  }
});

test("Oracle: ORA-/NJS- codes decide the kind; unknown ORA- codes are query errors", () => {
  const cases: [string, string][] = [
    ["ORA-01017", "auth"],
    ["ORA-28000", "auth"],
    ["ORA-00942", "privilege"],
    ["ORA-01031", "privilege"],
    ["ORA-00904", "missing_object"],
    ["ORA-01555", "query"],
    ["ORA-12345", "query"],
    ["ORA-01013", "timeout"],
    ["NJS-123", "timeout"],
    ["NJS-503", "connection"],
    ["NJS-533", "connection"],
    ["ORA-03113", "connection"],
    ["NJS-999", "connection"],
  ];
  for (const [code, kind] of cases) {
    assert.equal(oracleErrorKind(code), kind, code);
    const e = mapOracleError(Object.assign(new Error(`${code}: lost`), { code }), { user: "A", address: "h:1/s" });
    assert.equal(e.kind, kind, code);
  }
});

test("object-level errors fail their object; connection-class errors and anything else end the probe", () => {
  for (const kind of ["privilege", "missing_object", "query"] as const)
    assert.equal(objectFailure(new DatabaseError(kind, `m ${kind}`)), `m ${kind}`);
  for (const kind of ["connection", "auth", "timeout"] as const) assert.ok(endsProbe(new DatabaseError(kind, "m")));
  assert.equal(objectFailure(new SqlIdentifierError("bad name")), "bad name");
  assert.ok(endsProbe(new Error("a bug")));
  assert.ok(endsProbe("a string"));
});

test("NJS-533 says what to do instead of an unmapped driver message", () => {
  const e = mapOracleError(Object.assign(new Error("NJS-533: …"), { code: "NJS-533" }), {
    user: "A",
    address: "db:1521/PDB1",
  });
  assert.equal(e.kind, "connection");
  assert.match(e.message, /requires Oracle native network encryption.*thin mode.*TCPS.*thick mode/);
});
