/**
 * @module `pg_least_privilege`: grants in the application schemas against a declared role matrix
 * (see `../shared/role-matrix.ts` for the format): every grant beyond it and every declared privilege
 * missing; privileges granted to PUBLIC in application schemas; PUBLIC CREATE on schema `public`.
 */
import { errorMessage } from "../../errors.js";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineProbe, type ProbeFinding } from "../define.js";
import { compareRoleMatrix, describeGrant, parseRoleMatrix, type RoleMatrix } from "../shared/role-matrix.js";
import { publicCanCreate, readGrants, readTables } from "./grants.js";

export interface PgLeastPrivilegeParams {
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
  matrix_ok: "{{grants}} grants in {{schemas}} match the role matrix",
  grant_excess: "{{role}} holds {{grant}}, beyond the role matrix",
  grant_missing: "{{role}} lacks {{grant}}, declared in the role matrix",
  matrix_missing: "no role matrix declared for this target",
  matrix_invalid: "{{reason}}",
  public_ok: "PUBLIC holds no privilege in {{schemas}}",
  public_grant: "PUBLIC holds {{grant}}",
  public_create_off: "PUBLIC cannot create objects in schema public",
  public_create_on: "PUBLIC can create objects in schema public (revoke CREATE ON SCHEMA public FROM PUBLIC)",
  public_schema_absent: "schema public does not exist",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

function loadMatrix(value: unknown): RoleMatrix {
  const text =
    typeof value === "string" && /\.(ya?ml|json)$/i.test(value.trim())
      ? readFileSync(resolve(value.trim()), "utf8")
      : value;
  return parseRoleMatrix(text, (s) => s.toLowerCase());
}

export default defineProbe<PgLeastPrivilegeParams>()({
  meta: {
    id: "pg_least_privilege",
    version: "1.0.0",
    title: "PostgreSQL least privilege",
    description:
      "Grants against a declared role matrix, PUBLIC grants in application schemas, PUBLIC CREATE on schema public.",
    targetTypes: ["postgres"],
    params: {
      type: "object",
      additionalProperties: false,
      properties: {
        role_matrix: { type: ["object", "string"] },
        application_schemas: { type: "array", items: { type: "string", minLength: 1 } },
      },
    },
    privileges: [
      "none beyond LOGIN and CONNECT: ACLs in pg_class, pg_namespace and pg_proc are readable by every role",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal }) {
    const h = target.handle;
    const findings: F[] = [];
    let matrix: RoleMatrix | null = null;
    if (params.role_matrix === undefined)
      findings.push({ aspect: "role_matrix", status: "error", messageId: "matrix_missing" });
    else
      try {
        matrix = loadMatrix(params.role_matrix);
      } catch (err) {
        findings.push({
          aspect: "role_matrix",
          status: "error",
          messageId: "matrix_invalid",
          data: { reason: errorMessage(err) },
        });
      }
    const schemas = params.application_schemas ?? matrix?.schemas ?? [];
    const all = [...new Set([...schemas, ...(matrix?.schemas ?? [])])];
    const grants = await readGrants(h, all, signal);
    let diff = null;
    if (matrix) {
      diff = compareRoleMatrix(
        matrix,
        grants.filter((g) => g.grantee !== "PUBLIC"),
        await readTables(h, matrix.schemas, signal),
      );
      for (const g of diff.excess)
        findings.push({
          aspect: "role_matrix",
          status: "fail",
          messageId: "grant_excess",
          subject: g.grantee,
          data: { role: g.grantee, grant: describeGrant(g) },
        });
      for (const g of diff.missing)
        findings.push({
          aspect: "role_matrix",
          status: "fail",
          messageId: "grant_missing",
          subject: g.grantee,
          data: { role: g.grantee, grant: describeGrant(g) },
        });
      if (diff.excess.length + diff.missing.length === 0)
        findings.push({
          aspect: "role_matrix",
          status: "pass",
          messageId: "matrix_ok",
          data: { grants: grants.length, schemas: matrix.schemas.join(", ") },
        });
    }
    const pub = grants.filter((g) => g.grantee === "PUBLIC" && schemas.includes(g.schema));
    if (schemas.length === 0) findings.push({ aspect: "public_grants", status: "error", messageId: "matrix_missing" });
    else if (pub.length === 0)
      findings.push({
        aspect: "public_grants",
        status: "pass",
        messageId: "public_ok",
        data: { schemas: schemas.join(", ") },
      });
    else
      for (const g of pub)
        findings.push({
          aspect: "public_grants",
          status: "fail",
          messageId: "public_grant",
          subject: g.table ? `${g.schema}.${g.table}` : g.schema,
          data: { grant: describeGrant(g) },
        });
    const create = await publicCanCreate(h, signal);
    findings.push(
      create === null
        ? { aspect: "public_schema_create", status: "not_applicable", messageId: "public_schema_absent" }
        : {
            aspect: "public_schema_create",
            status: create ? "fail" : "pass",
            messageId: create ? "public_create_on" : "public_create_off",
          },
    );
    return {
      facts: {
        schemas: all,
        grants: grants.map((g) => ({ grantee: g.grantee, object: describeGrant(g) })),
        excess: diff ? diff.excess.map((g) => `${g.grantee} ${describeGrant(g)}`) : null,
        missing: diff ? diff.missing.map((g) => `${g.grantee} ${describeGrant(g)}`) : null,
        public_can_create_in_public: create,
      },
      findings,
    };
  },
});
