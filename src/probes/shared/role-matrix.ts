/**
 * @module Least privilege against a declared role matrix, dialect-neutral and pure. The matrix says
 * which privileges each application role may hold per schema, table and sequence; the database
 * reports the grants it sees (`ObservedGrant`) and the objects in scope; `compareRoleMatrix` returns
 * every grant beyond the matrix (excess) and every declared privilege not granted (missing).
 *
 * Matrix format (YAML or an equivalent object, e.g. inline in a target attribute):
 * ```yaml
 * schemas: [staging, mart]          # grants are compared in these schemas only
 * roles:
 *   analyst:
 *     - { schema: mart, tables: "*", privileges: [SELECT] }
 *     - { schema: mart, privileges: [USAGE] }           # no `tables`/`sequences`: schema privileges
 *   data_engineer:
 *     - { tables: ["staging.*"], privileges: [ALL] }    # `schema.*`: every table of that schema
 *     - { sequences: ["staging.*"], privileges: [USAGE, SELECT] }
 *   operator:
 *     - { schema: staging, tables: [load_log], privileges: [SELECT], optional: true }
 * databases:                        # optional: who may CONNECT to which database (PostgreSQL)
 *   dwh: [analyst, data_engineer, operator]
 * ```
 * `tables: "*"` means every table (and view) of the schema, `sequences: "*"` every sequence; list
 * entries may be qualified (`staging.load_log`, `staging.*`), and then `schema` may be left out.
 * `ALL` stands for every privilege of that kind of object (the database says which:
 * `Observed.allPrivileges`). `optional: true` permits without requiring. Privilege names are
 * case-insensitive. Roles absent from the matrix may hold no privilege in the listed schemas.
 * Owners are left out by the caller (ownership is not a grant). In Oracle, "schema" is the owning user.
 */
import { AssayError } from "../../errors.js";
import { parse } from "yaml";

export type ObjectKind = "schema" | "table" | "sequence";

export interface RoleRule {
  readonly schema: string;
  /** Absent (and no `sequences`): schema-level privileges; `"*"`: every table; else the listed tables. */
  readonly tables?: "*" | readonly string[];
  /** `"*"`: every sequence of the schema; else the listed sequences. */
  readonly sequences?: "*" | readonly string[];
  /** Upper case; `ALL` stands for every privilege of the object kind. */
  readonly privileges: readonly string[];
  readonly optional?: boolean;
}

export interface RoleMatrix {
  readonly schemas: readonly string[];
  readonly roles: Readonly<Record<string, readonly RoleRule[]>>;
  /** Database → roles that may CONNECT (`PUBLIC` allowed as a name); absent when not declared. */
  readonly databases?: Readonly<Record<string, readonly string[]>>;
}

/** One privilege a role holds: on a table (or sequence, `kind`) when `table` is set, else on the schema. */
export interface ObservedGrant {
  readonly grantee: string;
  readonly schema: string;
  readonly table?: string;
  readonly kind?: "sequence";
  readonly privilege: string;
}

/** The objects in scope, and what `ALL` means for each kind on this server. */
export interface MatrixScope {
  readonly tables: readonly { readonly schema: string; readonly table: string }[];
  readonly sequences?: readonly { readonly schema: string; readonly table: string }[];
  readonly allPrivileges?: Readonly<Partial<Record<ObjectKind, readonly string[]>>>;
}

export interface RoleMatrixDiff {
  readonly excess: readonly ObservedGrant[];
  readonly missing: readonly ObservedGrant[];
}

export class RoleMatrixError extends AssayError {
  override readonly name = "RoleMatrixError";
}

const obj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const RULE_KEYS = ["schema", "tables", "sequences", "privileges", "optional"];

/** Accept a matrix object or its YAML/JSON text; every problem is reported with its path. */
export function parseRoleMatrix(input: unknown, fold: (s: string) => string = (s) => s): RoleMatrix {
  const v: unknown = typeof input === "string" ? parse(input) : input;
  const problems: string[] = [];
  const strings = (x: unknown, at: string): string[] => {
    if (Array.isArray(x) && x.every((s) => typeof s === "string" && s !== "")) return x as string[];
    problems.push(`${at} must be a list of names`);
    return [];
  };
  if (!obj(v)) throw new RoleMatrixError("role matrix must be an object with `schemas` and `roles`");
  const unknownTop = Object.keys(v).filter((k) => !["schemas", "roles", "databases"].includes(k));
  if (unknownTop.length) problems.push(`unknown key(s) ${unknownTop.join(", ")}`);
  const schemas = strings(v["schemas"], "schemas").map(fold);
  const roles: Record<string, RoleRule[]> = {};
  if (!obj(v["roles"])) problems.push("roles must map role names to lists of rules");
  else
    for (const [role, rules] of Object.entries(v["roles"])) {
      if (!Array.isArray(rules)) {
        problems.push(`roles.${role} must be a list of rules`);
        continue;
      }
      roles[fold(role)] = rules.flatMap((r: unknown, i) =>
        parseRule(r, `roles.${role}[${i}]`, { schemas, fold, strings, problems }),
      );
    }
  let databases: Record<string, string[]> | undefined;
  if (v["databases"] !== undefined) {
    if (!obj(v["databases"])) problems.push("databases must map database names to lists of roles");
    else
      databases = Object.fromEntries(
        Object.entries(v["databases"]).map(([db, rs]) => [
          db,
          strings(rs, `databases.${db}`).map((r) => (r.toUpperCase() === "PUBLIC" ? "PUBLIC" : fold(r))),
        ]),
      );
  }
  if (problems.length) throw new RoleMatrixError(`invalid role matrix: ${problems.join("; ")}`);
  return { schemas, roles, ...(databases ? { databases } : {}) };
}

interface ParseCtx {
  readonly schemas: readonly string[];
  readonly fold: (s: string) => string;
  readonly strings: (x: unknown, at: string) => string[];
  readonly problems: string[];
}

/** One written rule → one rule per (schema, object kind); qualified names (`s.t`, `s.*`) pick their schema. */
function parseRule(r: unknown, at: string, c: ParseCtx): RoleRule[] {
  if (!obj(r)) return (c.problems.push(`${at} must be an object`), []);
  const unknown = Object.keys(r).filter((k) => !RULE_KEYS.includes(k));
  if (unknown.length) c.problems.push(`${at} has unknown key(s) ${unknown.join(", ")}`);
  const dflt = typeof r["schema"] === "string" ? c.fold(r["schema"]) : undefined;
  const privileges = c.strings(r["privileges"], `${at}.privileges`).map((p) => p.toUpperCase());
  const optional = r["optional"] === true;
  const out: RoleRule[] = [];
  const inSchema = (schema: string | undefined): schema is string => {
    if (schema === undefined) c.problems.push(`${at} needs a schema (or qualified names such as staging.*)`);
    else if (!c.schemas.includes(schema)) c.problems.push(`${at}: schema ${schema} is not listed in schemas`);
    return schema !== undefined;
  };
  const objects = (key: "tables" | "sequences") => {
    const t = r[key];
    if (t === undefined) return false;
    if (t === "*") {
      if (inSchema(dflt)) out.push({ schema: dflt, [key]: "*", privileges, optional });
      return true;
    }
    const bySchema = new Map<string, string[] | "*">();
    for (const name of c.strings(t, `${at}.${key}`)) {
      const dot = name.lastIndexOf(".");
      const schema = dot > 0 ? c.fold(name.slice(0, dot)) : dflt;
      const object = dot > 0 ? name.slice(dot + 1) : name;
      if (!inSchema(schema)) continue;
      if (object === "*") bySchema.set(schema, "*");
      else {
        const have = bySchema.get(schema) ?? [];
        if (have !== "*") bySchema.set(schema, [...have, c.fold(object)]);
      }
    }
    for (const [schema, names] of bySchema) out.push({ schema, [key]: names, privileges, optional });
    return true;
  };
  const hasTables = objects("tables");
  const hasSequences = objects("sequences");
  if (!hasTables && !hasSequences && inSchema(dflt)) out.push({ schema: dflt, privileges, optional });
  return out;
}

const key = (g: ObservedGrant) =>
  `${g.grantee}\u0000${g.schema}\u0000${g.table ?? ""}\u0000${g.kind ?? ""}\u0000${g.privilege}`;

const kindOf = (g: Pick<ObservedGrant, "table" | "kind">): ObjectKind =>
  g.table === undefined ? "schema" : g.kind === "sequence" ? "sequence" : "table";
const ruleKind = (r: RoleRule): ObjectKind =>
  r.sequences !== undefined ? "sequence" : r.tables !== undefined ? "table" : "schema";

/** Does the rule permit the grant? `ALL` permits every privilege of the rule's kind of object. */
export function covers(rule: RoleRule, g: ObservedGrant): boolean {
  const kind = kindOf(g);
  if (rule.schema !== g.schema || ruleKind(rule) !== kind) return false;
  if (!rule.privileges.includes(g.privilege) && !rule.privileges.includes("ALL")) return false;
  if (kind === "schema") return true;
  const names = kind === "sequence" ? rule.sequences : rule.tables;
  return names === "*" || (names !== undefined && g.table !== undefined && names.includes(g.table));
}

/** The privileges a rule requires: `ALL` expanded to what the database lists for that kind (nothing when it lists none). */
function required(rule: RoleRule, all: MatrixScope["allPrivileges"]): string[] {
  const kind = ruleKind(rule);
  return [...new Set(rule.privileges.flatMap((p) => (p === "ALL" ? (all?.[kind] ?? []) : [p])))];
}

/** Compare observed grants (in the matrix's schemas) with the matrix, given the objects in scope. */
export function compareRoleMatrix(
  matrix: RoleMatrix,
  observed: readonly ObservedGrant[],
  scope: MatrixScope | MatrixScope["tables"],
): RoleMatrixDiff {
  const s: MatrixScope = Array.isArray(scope) ? { tables: scope } : (scope as MatrixScope);
  const inScope = observed.filter((g) => matrix.schemas.includes(g.schema));
  const excess = inScope.filter((g) => !(matrix.roles[g.grantee] ?? []).some((r) => covers(r, g)));
  const have = new Set(inScope.map(key));
  const missing: ObservedGrant[] = [];
  for (const [grantee, rules] of Object.entries(matrix.roles))
    for (const r of rules) {
      if (r.optional) continue;
      const kind = ruleKind(r);
      const names = kind === "sequence" ? r.sequences : r.tables;
      const pool = kind === "sequence" ? (s.sequences ?? []) : s.tables;
      const objects =
        names === undefined
          ? [undefined]
          : names === "*"
            ? pool.filter((t) => t.schema === r.schema).map((t) => t.table)
            : names;
      for (const table of objects)
        for (const privilege of required(r, s.allPrivileges)) {
          const g: ObservedGrant =
            table === undefined
              ? { grantee, schema: r.schema, privilege }
              : { grantee, schema: r.schema, table, privilege, ...(kind === "sequence" ? { kind } : {}) };
          if (!have.has(key(g))) missing.push(g);
        }
    }
  const uniq = new Map(missing.map((g) => [key(g), g]));
  return { excess, missing: [...uniq.values()] };
}

/** Does the matrix permit `privilege` on the object to any of the roles? */
export function permitted(matrix: RoleMatrix, roles: readonly string[], g: Omit<ObservedGrant, "grantee">): boolean {
  return roles.some((grantee) => (matrix.roles[grantee] ?? []).some((r) => covers(r, { ...g, grantee })));
}

/** `schema.table:PRIVILEGE`, `sequence schema.seq:PRIVILEGE` or `schema:PRIVILEGE`, for messages. */
export function describeGrant(g: ObservedGrant): string {
  const on = g.table === undefined ? g.schema : `${g.kind === "sequence" ? "sequence " : ""}${g.schema}.${g.table}`;
  return `${on}:${g.privilege}`;
}
