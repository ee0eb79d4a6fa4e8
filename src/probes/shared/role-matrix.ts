/**
 * @module Least privilege against a declared role matrix, dialect-neutral and pure. The matrix says
 * which privileges each application role may hold per schema and table; the database reports the
 * grants it sees (`ObservedGrant`) and the tables in scope; `compareRoleMatrix` returns every grant
 * beyond the matrix (excess) and every declared privilege not granted (missing).
 *
 * Matrix format (YAML or an equivalent object, e.g. inline in a target attribute):
 * ```yaml
 * schemas: [staging, mart]          # grants are compared in these schemas only
 * roles:
 *   analyst:
 *     - { schema: mart, tables: "*", privileges: [SELECT] }
 *     - { schema: mart, privileges: [USAGE] }           # no `tables`: schema privileges
 *   data_engineer:
 *     - { schema: staging, tables: "*", privileges: [SELECT, INSERT, UPDATE, DELETE] }
 *   operator:
 *     - { schema: staging, tables: [load_log], privileges: [SELECT], optional: true }
 * ```
 * `tables: "*"` means every table of the schema; `optional: true` permits without requiring.
 * Privilege names are case-insensitive (`SELECT`, `INSERT`, `USAGE`, `CREATE`, …). Roles absent
 * from the matrix may hold no privilege in the listed schemas. Owners are left out by the caller
 * (ownership is not a grant). In Oracle, "schema" is the owning user.
 */
import { AssayError } from "../../errors.js";
import { parse } from "yaml";

export interface RoleRule {
  readonly schema: string;
  /** Absent: schema-level privileges; `"*"`: every table; else the listed tables. */
  readonly tables?: "*" | readonly string[];
  readonly privileges: readonly string[];
  readonly optional?: boolean;
}

export interface RoleMatrix {
  readonly schemas: readonly string[];
  readonly roles: Readonly<Record<string, readonly RoleRule[]>>;
}

/** One privilege a role holds: on a table when `table` is set, else on the schema. */
export interface ObservedGrant {
  readonly grantee: string;
  readonly schema: string;
  readonly table?: string;
  readonly privilege: string;
}

export interface RoleMatrixDiff {
  readonly excess: readonly ObservedGrant[];
  readonly missing: readonly ObservedGrant[];
}

export class RoleMatrixError extends AssayError {
  override readonly name = "RoleMatrixError";
}

/** Accept a matrix object or its YAML/JSON text; every problem is reported with its path. */
export function parseRoleMatrix(input: unknown, fold: (s: string) => string = (s) => s): RoleMatrix {
  const v: unknown = typeof input === "string" ? parse(input) : input;
  const problems: string[] = [];
  const obj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  const strings = (x: unknown, at: string): string[] => {
    if (Array.isArray(x) && x.every((s) => typeof s === "string" && s !== "")) return x as string[];
    problems.push(`${at} must be a list of names`);
    return [];
  };
  if (!obj(v)) throw new RoleMatrixError("role matrix must be an object with `schemas` and `roles`");
  const schemas = strings(v["schemas"], "schemas").map(fold);
  const roles: Record<string, RoleRule[]> = {};
  if (!obj(v["roles"])) problems.push("roles must map role names to lists of rules");
  else
    for (const [role, rules] of Object.entries(v["roles"])) {
      if (!Array.isArray(rules)) {
        problems.push(`roles.${role} must be a list of rules`);
        continue;
      }
      roles[fold(role)] = rules.flatMap((r: unknown, i): RoleRule[] => {
        const at = `roles.${role}[${i}]`;
        if (!obj(r) || typeof r["schema"] !== "string") return (problems.push(`${at} needs a schema`), []);
        const unknown = Object.keys(r).filter((k) => !["schema", "tables", "privileges", "optional"].includes(k));
        if (unknown.length) problems.push(`${at} has unknown key(s) ${unknown.join(", ")}`);
        const schema = fold(r["schema"]);
        if (!schemas.includes(schema)) problems.push(`${at}: schema ${schema} is not listed in schemas`);
        const t = r["tables"];
        const tables = t === undefined ? undefined : t === "*" ? ("*" as const) : strings(t, `${at}.tables`).map(fold);
        const privileges = strings(r["privileges"], `${at}.privileges`).map((p) => p.toUpperCase());
        return [{ schema, privileges, optional: r["optional"] === true, ...(tables === undefined ? {} : { tables }) }];
      });
    }
  if (problems.length) throw new RoleMatrixError(`invalid role matrix: ${problems.join("; ")}`);
  return { schemas, roles };
}

const key = (g: ObservedGrant) => `${g.grantee}\u0000${g.schema}\u0000${g.table ?? ""}\u0000${g.privilege}`;

function covers(rule: RoleRule, g: ObservedGrant): boolean {
  if (rule.schema !== g.schema || !rule.privileges.includes(g.privilege)) return false;
  if (g.table === undefined) return rule.tables === undefined;
  return rule.tables === "*" || (rule.tables !== undefined && rule.tables.includes(g.table));
}

/** Compare observed grants (in the matrix's schemas) with the matrix, given the tables in scope. */
export function compareRoleMatrix(
  matrix: RoleMatrix,
  observed: readonly ObservedGrant[],
  tables: readonly { readonly schema: string; readonly table: string }[],
): RoleMatrixDiff {
  const inScope = observed.filter((g) => matrix.schemas.includes(g.schema));
  const excess = inScope.filter((g) => !(matrix.roles[g.grantee] ?? []).some((r) => covers(r, g)));
  const have = new Set(inScope.map(key));
  const missing: ObservedGrant[] = [];
  for (const [grantee, rules] of Object.entries(matrix.roles))
    for (const r of rules) {
      if (r.optional) continue;
      const names =
        r.tables === undefined
          ? [undefined]
          : r.tables === "*"
            ? tables.filter((t) => t.schema === r.schema).map((t) => t.table)
            : r.tables;
      for (const table of names)
        for (const privilege of r.privileges) {
          const g: ObservedGrant =
            table === undefined
              ? { grantee, schema: r.schema, privilege }
              : { grantee, schema: r.schema, table, privilege };
          if (!have.has(key(g))) missing.push(g);
        }
    }
  const uniq = new Map(missing.map((g) => [key(g), g]));
  return { excess, missing: [...uniq.values()] };
}

/** `schema.table:PRIVILEGE` or `schema:PRIVILEGE`, for messages. */
export function describeGrant(g: ObservedGrant): string {
  return `${g.table === undefined ? g.schema : `${g.schema}.${g.table}`}:${g.privilege}`;
}
