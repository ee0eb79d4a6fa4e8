/**
 * @module `ora_role_matrix`: least privilege against the declared role matrix — the same rule as
 * PostgreSQL, decided by the shared `compareRoleMatrix`. The Oracle side only observes: object
 * grants from DBA_TAB_PRIVS (schema = owning user, grantee = user or role granted directly) and the
 * tables in scope from DBA_TABLES. Grants to PUBLIC are reported on their own aspect.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { compareRoleMatrix, describeGrant, parseRoleMatrix, type ObservedGrant } from "../shared/role-matrix.js";
import { bindList } from "../shared/oracle-names.js";
import * as Q from "./queries.js";

export interface RoleMatrixParams {
  /** The matrix (see src/probes/shared/role-matrix.ts), as an object or YAML text. */
  readonly role_matrix: unknown;
}

const aspects = {
  excess_grants: "No object grant beyond the role matrix",
  missing_grants: "Every privilege the matrix requires is granted",
  public_grants: "No object privilege granted to PUBLIC in the matrix's schemas",
} as const;

const messages = {
  excess_grant: "{{grantee}} holds {{grant}}, beyond the role matrix",
  no_excess: "All {{count}} object grants in {{schemas}} are within the role matrix",
  missing_grant: "{{grantee}} lacks {{grant}}, required by the role matrix",
  no_missing: "Every privilege required by the role matrix is granted",
  public_grant: "PUBLIC holds {{grant}}",
  no_public: "No object privilege in {{schemas}} is granted to PUBLIC",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

export default defineProbe<RoleMatrixParams>()({
  meta: {
    id: "ora_role_matrix",
    version: "1.0.0",
    title: "Oracle object grants against the declared role matrix",
    description:
      "Reads DBA_TAB_PRIVS and DBA_TABLES for the matrix's schemas and compares with the shared role-matrix logic (also used for PostgreSQL).",
    targetTypes: ["oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["role_matrix"],
      properties: { role_matrix: { type: ["object", "string"] } },
    },
    privileges: ["SELECT_CATALOG_ROLE (or SELECT ON DBA_TAB_PRIVS, DBA_TABLES)"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run(ctx) {
    // Oracle folds unquoted names to upper case; the matrix is written in any case.
    const matrix = parseRoleMatrix(ctx.params.role_matrix, (s) => s.toUpperCase());
    const owners = bindList(matrix.schemas);
    const seen = await ctx.target.handle.readOnly(
      async (s) => ({ privs: await s.query(Q.tabPrivs, { owners }), tables: await s.query(Q.tables, { owners }) }),
      ctx.signal,
    );

    const observed: ObservedGrant[] = seen.privs.map((r) => ({
      grantee: r.GRANTEE,
      schema: r.OWNER,
      table: r.TABLE_NAME,
      privilege: r.PRIVILEGE,
    }));
    const publicGrants = observed.filter((g) => g.grantee === "PUBLIC");
    const diff = compareRoleMatrix(
      matrix,
      observed.filter((g) => g.grantee !== "PUBLIC"),
      seen.tables.map((t) => ({ schema: t.OWNER, table: t.TABLE_NAME })),
    );
    const schemas = matrix.schemas.join(", ");
    const findings: F[] = [];

    for (const g of diff.excess)
      findings.push({
        aspect: "excess_grants",
        status: "fail",
        subject: g.grantee,
        messageId: "excess_grant",
        data: { grantee: g.grantee, grant: describeGrant(g) },
      });
    if (diff.excess.length === 0)
      findings.push({
        aspect: "excess_grants",
        status: "pass",
        messageId: "no_excess",
        data: { count: observed.length - publicGrants.length, schemas },
      });
    for (const g of diff.missing)
      findings.push({
        aspect: "missing_grants",
        status: "fail",
        subject: g.grantee,
        messageId: "missing_grant",
        data: { grantee: g.grantee, grant: describeGrant(g) },
      });
    if (diff.missing.length === 0) findings.push({ aspect: "missing_grants", status: "pass", messageId: "no_missing" });
    for (const g of publicGrants)
      findings.push({
        aspect: "public_grants",
        status: "fail",
        subject: "PUBLIC",
        messageId: "public_grant",
        data: { grant: describeGrant(g) },
      });
    if (publicGrants.length === 0)
      findings.push({ aspect: "public_grants", status: "pass", messageId: "no_public", data: { schemas } });

    return {
      facts: {
        schemas: [...matrix.schemas],
        grants: seen.privs.map((r) => ({
          grantee: r.GRANTEE,
          object: `${r.OWNER}.${r.TABLE_NAME}`,
          privilege: r.PRIVILEGE,
          grantable: r.GRANTABLE === "YES",
          type: r.TYPE,
        })),
        tables: seen.tables.length,
        excess: diff.excess.map(describeGrant),
        missing: diff.missing.map(describeGrant),
      },
      findings,
    };
  },
});
