/**
 * @module `role_matrix`: least privilege on PostgreSQL and Oracle alike. Grants in the application
 * schemas against a declared role matrix (see `../shared/role-matrix.ts` for the format): every
 * grant beyond it and every declared privilege missing; privileges granted to PUBLIC in application
 * schemas; and, in PostgreSQL, PUBLIC CREATE on schema `public`. Each dialect only observes
 * (`./postgres.ts`: ACLs; `./oracle.ts`: DBA_TAB_PRIVS); the judgement is written once here.
 */
import { errorMessage } from "../../errors.js";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineProbe, type ProbeFinding } from "../define.js";
import { compareRoleMatrix, describeGrant, parseRoleMatrix, type RoleMatrix } from "../shared/role-matrix.js";
import type { OracleHandle } from "../../targets/oracle.js";
import type { PgHandle } from "../../targets/postgres.js";
import { observeOracle } from "./oracle.js";
import { observePostgres } from "./postgres.js";

export interface RoleMatrixParams {
  /** The matrix inline (object or YAML text) or a path to a YAML/JSON file (absolute, or relative to the working directory). */
  readonly role_matrix?: unknown;
  /** Schemas where PUBLIC may hold nothing; defaults to the matrix's schemas. */
  readonly application_schemas?: readonly string[];
}

const aspects = {
  role_matrix: "Grants match the declared role matrix (nothing beyond, nothing missing)",
  public_grants: "No privileges granted to PUBLIC in application schemas",
  public_schema_create: "PUBLIC cannot CREATE in schema public",
} as const;

const messages = {
  matrixOk: "{{grants}} grants in {{schemas}} match the role matrix",
  grantExcess: "{{role}} holds {{grant}}, beyond the role matrix",
  grantMissing: "{{role}} lacks {{grant}}, declared in the role matrix",
  matrixMissing: "no role matrix declared for this target",
  matrixInvalid: "{{reason}}",
  publicOk: "PUBLIC holds no privilege in {{schemas}}",
  publicGrant: "PUBLIC holds {{grant}}",
  publicCreateOff: "PUBLIC cannot create objects in schema public",
  publicCreateOn: "PUBLIC can create objects in schema public (revoke CREATE ON SCHEMA public FROM PUBLIC)",
  publicSchemaAbsent: "schema public does not exist",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

/** Names fold as the database folds unquoted identifiers: lower case in PostgreSQL, upper in Oracle. */
function loadMatrix(value: unknown, fold: (s: string) => string): RoleMatrix {
  const text =
    typeof value === "string" && /\.(ya?ml|json)$/i.test(value.trim())
      ? readFileSync(resolve(value.trim()), "utf8")
      : value;
  return parseRoleMatrix(text, fold);
}

export default defineProbe<RoleMatrixParams>()({
  meta: {
    id: "role_matrix",
    version: "2.0.0",
    title: "Least privilege against the declared role matrix (PostgreSQL, Oracle)",
    description:
      "Grants against a declared role matrix, PUBLIC grants in application schemas, PUBLIC CREATE on schema public (PostgreSQL). Oracle: DBA_TAB_PRIVS and DBA_TABLES.",
    targetTypes: ["postgres", "oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      properties: {
        role_matrix: { type: ["object", "string"] },
        application_schemas: { type: "array", items: { type: "string", minLength: 1 } },
      },
    },
    privileges: [
      "PostgreSQL: none beyond LOGIN and CONNECT — ACLs in pg_class, pg_namespace and pg_proc are readable by every role",
      "Oracle: SELECT_CATALOG_ROLE (or SELECT ON DBA_TAB_PRIVS, DBA_TABLES)",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal }) {
    const handle: PgHandle | OracleHandle = target.handle;
    const oracle = !("copyOut" in handle);
    const fold = (x: string) => (oracle ? x.toUpperCase() : x.toLowerCase());
    const findings: F[] = [];
    let matrix: RoleMatrix | null = null;
    if (params.role_matrix === undefined)
      findings.push({ aspect: "role_matrix", status: "error", messageId: "matrixMissing" });
    else
      try {
        matrix = loadMatrix(params.role_matrix, fold);
      } catch (err) {
        findings.push({
          aspect: "role_matrix",
          status: "error",
          messageId: "matrixInvalid",
          data: { reason: errorMessage(err) },
        });
      }
    const schemas = (params.application_schemas ?? matrix?.schemas ?? []).map(fold);
    const all = [...new Set([...schemas, ...(matrix?.schemas ?? [])])];
    const seen =
      "copyOut" in handle
        ? await observePostgres(handle, all, matrix?.schemas ?? [], signal)
        : await observeOracle(handle, all, matrix?.schemas ?? [], signal);
    const grants = seen.grants;
    let diff = null;
    if (matrix) {
      diff = compareRoleMatrix(
        matrix,
        grants.filter((g) => g.grantee !== "PUBLIC"),
        seen.tables,
      );
      for (const g of diff.excess)
        findings.push({
          aspect: "role_matrix",
          status: "fail",
          messageId: "grantExcess",
          subject: g.grantee,
          data: { role: g.grantee, grant: describeGrant(g) },
        });
      for (const g of diff.missing)
        findings.push({
          aspect: "role_matrix",
          status: "fail",
          messageId: "grantMissing",
          subject: g.grantee,
          data: { role: g.grantee, grant: describeGrant(g) },
        });
      if (diff.excess.length + diff.missing.length === 0)
        findings.push({
          aspect: "role_matrix",
          status: "pass",
          messageId: "matrixOk",
          data: { grants: grants.length, schemas: matrix.schemas.join(", ") },
        });
    }
    const pub = grants.filter((g) => g.grantee === "PUBLIC" && schemas.includes(g.schema));
    if (schemas.length === 0) findings.push({ aspect: "public_grants", status: "error", messageId: "matrixMissing" });
    else if (pub.length === 0)
      findings.push({
        aspect: "public_grants",
        status: "pass",
        messageId: "publicOk",
        data: { schemas: schemas.join(", ") },
      });
    else
      for (const g of pub)
        findings.push({
          aspect: "public_grants",
          status: "fail",
          messageId: "publicGrant",
          subject: g.table ? `${g.schema}.${g.table}` : g.schema,
          data: { grant: describeGrant(g) },
        });
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
    return {
      facts: {
        schemas: all,
        grants: grants.map((g) => ({
          grantee: g.grantee,
          object: describeGrant(g),
          ...(g.grantable === undefined ? {} : { grantable: g.grantable }),
        })),
        tables: seen.tables.length,
        excess: diff ? diff.excess.map((g) => `${g.grantee} ${describeGrant(g)}`) : null,
        missing: diff ? diff.missing.map((g) => `${g.grantee} ${describeGrant(g)}`) : null,
        public_can_create_in_public: create,
      },
      findings,
    };
  },
});
