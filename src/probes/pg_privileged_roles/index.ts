/**
 * @module `pg_privileged_roles`: who holds power over a PostgreSQL cluster — superusers, roles with
 * CREATEROLE / CREATEDB / REPLICATION / BYPASSRLS, and members (direct or inherited) of
 * `pg_read_server_files`, `pg_write_server_files`, `pg_execute_server_program` — each against an
 * allowlist. Superusers are judged once, under `superusers`.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { statement } from "../../targets/sql/sql.js";

const roles = statement<RoleRow>({
  name: "pg_privileged_roles.roles",
  sql: `SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
              ARRAY(SELECT g FROM unnest(ARRAY['pg_read_server_files','pg_write_server_files','pg_execute_server_program']) g
                     WHERE pg_has_role(r.oid, g, 'MEMBER') AND NOT r.rolsuper) AS file_groups
         FROM pg_roles r WHERE r.rolname !~ '^pg_' ORDER BY r.rolname`,
  views: ["pg_roles", "pg_auth_members"],
  columns: ["rolname", "rolsuper", "rolcreaterole", "rolcreatedb", "rolreplication", "rolbypassrls", "file_groups"],
});

export interface PgPrivilegedRolesParams {
  readonly allowed_superusers: readonly string[];
  readonly allowed_risky_roles: readonly string[];
  readonly allowed_server_file_roles?: readonly string[];
}

const aspects = {
  superusers: "Superusers are only the allowed ones",
  risky_attributes: "CREATEROLE, CREATEDB, REPLICATION and BYPASSRLS only on allowed roles",
  server_file_roles: "Server file and program access only for allowed roles",
} as const;

const messages = {
  superusers_ok: "superusers ({{roles}}) are all allowed",
  superuser_extra: "role {{role}} is a superuser but not on the allowlist",
  risky_ok: "no role outside the allowlist has CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS",
  risky_extra: "role {{role}} has {{attributes}} but is not on the allowlist",
  server_files_ok: "no role outside the allowlist can read or write server files or run server programs",
  server_files_extra: "role {{role}} is a member of {{groups}} but is not on the allowlist",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

type RoleRow = {
  rolname: string;
  rolsuper: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
  file_groups: string[];
};

const names = { type: "array", items: { type: "string", minLength: 1 } } as const;

export default defineProbe<PgPrivilegedRolesParams>()({
  meta: {
    id: "pg_privileged_roles",
    version: "1.0.0",
    title: "PostgreSQL privileged roles",
    description: "Superusers, risky role attributes and server-file roles against allowlists.",
    targetTypes: ["postgres"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["allowed_superusers", "allowed_risky_roles"],
      properties: { allowed_superusers: names, allowed_risky_roles: names, allowed_server_file_roles: names },
    },
    privileges: ["-- none beyond LOGIN: pg_roles and pg_auth_members are readable by every role"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal }) {
    const rows = await target.handle.query(roles, [], signal);
    const findings: F[] = [];
    const supers = rows.filter((r) => r.rolsuper);
    const extraSupers = supers.filter((r) => !params.allowed_superusers.includes(r.rolname));
    findings.push(
      ...(extraSupers.length === 0
        ? [
            {
              aspect: "superusers",
              status: "pass",
              messageId: "superusers_ok",
              data: { roles: supers.map((r) => r.rolname).join(", ") || "none" },
            } as const,
          ]
        : extraSupers.map(
            (r): F => ({
              aspect: "superusers",
              status: "fail",
              messageId: "superuser_extra",
              subject: r.rolname,
              data: { role: r.rolname },
            }),
          )),
    );
    const risky = rows
      .filter((r) => !r.rolsuper && !params.allowed_risky_roles.includes(r.rolname))
      .map((r) => ({
        role: r.rolname,
        attrs: [
          r.rolcreaterole && "CREATEROLE",
          r.rolcreatedb && "CREATEDB",
          r.rolreplication && "REPLICATION",
          r.rolbypassrls && "BYPASSRLS",
        ].filter((a): a is string => typeof a === "string"),
      }))
      .filter((r) => r.attrs.length > 0);
    findings.push(
      ...(risky.length === 0
        ? [{ aspect: "risky_attributes", status: "pass", messageId: "risky_ok" } as const]
        : risky.map(
            (r): F => ({
              aspect: "risky_attributes",
              status: "fail",
              messageId: "risky_extra",
              subject: r.role,
              data: { role: r.role, attributes: r.attrs.join(", ") },
            }),
          )),
    );
    const allowedFiles = params.allowed_server_file_roles ?? [];
    const files = rows.filter((r) => r.file_groups.length > 0 && !allowedFiles.includes(r.rolname));
    findings.push(
      ...(files.length === 0
        ? [{ aspect: "server_file_roles", status: "pass", messageId: "server_files_ok" } as const]
        : files.map(
            (r): F => ({
              aspect: "server_file_roles",
              status: "fail",
              messageId: "server_files_extra",
              subject: r.rolname,
              data: { role: r.rolname, groups: r.file_groups.join(", ") },
            }),
          )),
    );
    return {
      facts: {
        superusers: supers.map((r) => r.rolname),
        risky_roles: risky.map((r) => ({ role: r.role, attributes: r.attrs })),
        server_file_roles: rows
          .filter((r) => r.file_groups.length > 0)
          .map((r) => ({ role: r.rolname, groups: r.file_groups })),
      },
      findings,
    };
  },
});
