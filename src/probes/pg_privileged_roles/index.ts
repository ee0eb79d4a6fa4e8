/**
 * @module `pg_privileged_roles`: who holds power over a PostgreSQL cluster — superusers, roles with
 * CREATEROLE / CREATEDB / REPLICATION / BYPASSRLS, and members (direct or inherited) of
 * `pg_read_server_files`, `pg_write_server_files`, `pg_execute_server_program` — each against an
 * allowlist. Superusers are judged once, under `superusers`.
 */
import { Type } from "@sinclair/typebox";
import type { JsonValue } from "../../model/json.js";
import { statement } from "../../targets/sql/sql.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import { paramsObject, withDefault } from "../params.js";

type RoleRow = {
  rolname: string;
  rolsuper: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
  file_groups: string[];
};

const roles = statement<RoleRow>({
  name: "pg_privileged_roles.roles",
  sql: `SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
              ARRAY(SELECT g FROM unnest(ARRAY['pg_read_server_files','pg_write_server_files','pg_execute_server_program']) g
                     WHERE pg_has_role(r.oid, g, 'MEMBER') AND NOT r.rolsuper) AS file_groups
         FROM pg_roles r WHERE r.rolname !~ '^pg_' ORDER BY r.rolname`,
  views: ["pg_roles", "pg_auth_members"],
  columns: ["rolname", "rolsuper", "rolcreaterole", "rolcreatedb", "rolreplication", "rolbypassrls", "file_groups"],
});

/** A list of role names; may be empty (nobody allowed). */
const roleNames = () => Type.Array(Type.String({ minLength: 1 }));

const ASPECTS = {
  superusers: "Superusers are only the allowed ones",
  risky_attributes: "CREATEROLE, CREATEDB, REPLICATION and BYPASSRLS only on allowed roles",
  server_file_roles: "Server file and program access only for allowed roles",
} as const;

const MESSAGES = {
  superusersOk: "superusers ({{roles}}) are all allowed",
  superuserExtra: "role {{role}} is a superuser but not on the allowlist",
  riskyOk: "no role outside the allowlist has CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS",
  riskyExtra: "role {{role}} has {{attributes}} but is not on the allowlist",
  serverFilesOk: "no role outside the allowlist can read or write server files or run server programs",
  serverFilesExtra: "role {{role}} is a member of {{groups}} but is not on the allowlist",
} as const;

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

const params = paramsObject({
  allowed_superusers: roleNames(),
  allowed_risky_roles: roleNames(),
  allowed_server_file_roles: withDefault(roleNames(), []),
});

/** One failing finding per offending role, or one passing finding when there is none. */
function perRole<A extends keyof typeof ASPECTS>(
  aspect: A,
  offenders: readonly { readonly role: string; readonly data?: Record<string, JsonValue> }[],
  [pass, fail]: readonly [keyof typeof MESSAGES, keyof typeof MESSAGES],
  passData?: Record<string, JsonValue>,
): F[] {
  if (offenders.length === 0)
    return [{ aspect, status: "pass", messageId: pass, ...(passData ? { data: passData } : {}) }];
  return offenders.map((o) => ({
    aspect,
    status: "fail",
    messageId: fail,
    subject: o.role,
    data: { role: o.role, ...o.data },
  }));
}

const ATTRIBUTES = [
  ["rolcreaterole", "CREATEROLE"],
  ["rolcreatedb", "CREATEDB"],
  ["rolreplication", "REPLICATION"],
  ["rolbypassrls", "BYPASSRLS"],
] as const;

export default defineProbe({
  meta: {
    id: "pg_privileged_roles",
    version: "2.0.0",
    title: "PostgreSQL privileged roles",
    description: "Superusers, risky role attributes and server-file roles against allowlists.",
    targetTypes: ["postgres"],
    params,
    privileges: ["-- none beyond LOGIN: pg_roles and pg_auth_members are readable by every role"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target, signal }) {
    const rows = await target.handle.query(roles, [], signal);
    const supers = rows.filter((r) => r.rolsuper);
    const extraSupers = supers
      .filter((r) => !p.allowed_superusers.includes(r.rolname))
      .map((r) => ({ role: r.rolname }));
    const risky = rows
      .filter((r) => !r.rolsuper && !p.allowed_risky_roles.includes(r.rolname))
      .map((r) => ({ role: r.rolname, attrs: ATTRIBUTES.filter(([k]) => r[k]).map(([, name]) => name) }))
      .filter((r) => r.attrs.length > 0);
    const files = rows.filter((r) => r.file_groups.length > 0 && !p.allowed_server_file_roles.includes(r.rolname));
    const findings: F[] = [
      ...perRole("superusers", extraSupers, ["superusersOk", "superuserExtra"], {
        roles: supers.map((r) => r.rolname).join(", ") || "none",
      }),
      ...perRole(
        "risky_attributes",
        risky.map((r) => ({ role: r.role, data: { attributes: r.attrs.join(", ") } })),
        ["riskyOk", "riskyExtra"],
      ),
      ...perRole(
        "server_file_roles",
        files.map((r) => ({ role: r.rolname, data: { groups: r.file_groups.join(", ") } })),
        ["serverFilesOk", "serverFilesExtra"],
      ),
    ];
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
