/**
 * @module `role_matrix`: least privilege on PostgreSQL and Oracle alike. Grants in the application
 * schemas against a declared role matrix (format: `../shared/role-matrix.ts`): every grant beyond it
 * and every declared privilege missing; what each login role can use through membership or PUBLIC
 * (PostgreSQL); CONNECT on the databases the matrix declares (PostgreSQL); privileges granted to
 * PUBLIC in application schemas; and, in PostgreSQL, PUBLIC CREATE on schema `public`. Each dialect
 * only observes (`./postgres.ts`, `./oracle.ts`); the judgement (`./judge.ts`) is written once.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Type } from "@sinclair/typebox";
import type { OracleHandle } from "../../targets/oracle.js";
import type { PgHandle } from "../../targets/postgres.js";
import { defineProbe, parsedOr } from "../define.js";
import { paramsObject } from "../params.js";
import { describeGrant, parseRoleMatrix, type RoleMatrix } from "../shared/role-matrix.js";
import { connectFindings, describeEffective, effectiveFindings, matrixFindings, publicFindings } from "./judge.js";
import { ASPECTS, MESSAGES, type F } from "./messages.js";
import { observeOracle } from "./oracle.js";
import { observePostgres } from "./postgres.js";

const params = paramsObject({
  /** The matrix inline (object or YAML text) or a path to a YAML/JSON file (absolute, or relative to the working directory). */
  role_matrix: Type.Optional(Type.Unsafe<unknown>({ type: ["object", "string"] })),
  /** Schemas where PUBLIC may hold nothing; defaults to the matrix's schemas. */
  application_schemas: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
});

/** At most this many effective-privilege lines go into the facts (the count is always there). */
const EFFECTIVE_FACTS_MAX = 2000;

/** Names fold as the database folds unquoted identifiers: lower case in PostgreSQL, upper in Oracle. */
function loadMatrix(value: unknown, fold: (s: string) => string): RoleMatrix {
  const text =
    typeof value === "string" && /\.(ya?ml|json)$/i.test(value.trim())
      ? readFileSync(resolve(value.trim()), "utf8")
      : value;
  return parseRoleMatrix(text, fold);
}

export default defineProbe({
  meta: {
    id: "role_matrix",
    version: "3.0.0",
    title: "Least privilege against the declared role matrix (PostgreSQL, Oracle)",
    description:
      "Grants against a declared role matrix (ALL, schema.* and sequence wildcards), what each login role can use through membership or PUBLIC, CONNECT on declared databases, PUBLIC grants in application schemas, PUBLIC CREATE on schema public (PostgreSQL). Oracle: DBA_TAB_PRIVS and DBA_TABLES.",
    targetTypes: ["postgres", "oracle"],
    params,
    privileges: [
      "PostgreSQL: -- none beyond LOGIN and CONNECT: ACLs in pg_class, pg_namespace, pg_proc and pg_database are readable by every role",
      "Oracle: SELECT_CATALOG_ROLE (or SELECT ON DBA_TAB_PRIVS, DBA_TABLES)",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target, signal }) {
    const handle: PgHandle | OracleHandle = target.handle;
    const oracle = !("copyOut" in handle);
    const fold = (x: string) => (oracle ? x.toUpperCase() : x.toLowerCase());
    const findings: F[] = [];
    let matrix: RoleMatrix | null = null;
    if (p.role_matrix === undefined)
      findings.push({ aspect: "role_matrix", status: "error", messageId: "matrixMissing" });
    else matrix = parsedOr(() => loadMatrix(p.role_matrix, fold), ["role_matrix", "matrixInvalid"], findings);
    const schemas = (p.application_schemas ?? matrix?.schemas ?? []).map(fold);
    const all = [...new Set([...schemas, ...(matrix?.schemas ?? [])])];
    const seen =
      "copyOut" in handle
        ? await observePostgres(handle, all, matrix?.schemas ?? [], signal)
        : await observeOracle(handle, all, matrix?.schemas ?? [], signal);
    if (matrix)
      findings.push(
        ...matrixFindings(matrix, seen),
        ...effectiveFindings(matrix, seen),
        ...connectFindings(matrix, seen),
      );
    findings.push(...publicFindings(schemas, seen));
    const create = seen.publicCanCreate;
    findings.push(
      create === null
        ? { aspect: "public_schema_create", status: "not_applicable", messageId: "publicSchemaAbsent" }
        : {
            aspect: "public_schema_create",
            status: create ? "fail" : "pass",
            messageId: create ? "publicCreateOn" : "publicCreateOff",
          },
    );
    const effective = seen.effective ? describeEffective(seen.effective) : null;
    return {
      facts: {
        schemas: all,
        grants: seen.grants.map((g) => ({
          grantee: g.grantee,
          object: describeGrant(g),
          ...(g.grantable === undefined ? {} : { grantable: g.grantable }),
        })),
        tables: seen.tables.length,
        sequences: seen.sequences?.length ?? null,
        effective: effective?.slice(0, EFFECTIVE_FACTS_MAX) ?? null,
        effective_count: effective?.length ?? null,
        connect: seen.connect
          ? Object.fromEntries(Object.entries(seen.connect).map(([db, roles]) => [db, [...roles]]))
          : null,
        findings: findings.filter((f) => f.status === "fail").length,
        public_can_create_in_public: create,
      },
      findings,
    };
  },
});
