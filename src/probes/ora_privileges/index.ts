/**
 * @module `ora_privileges`: who holds the keys to an Oracle database. Grantees of DBA and other
 * powerful roles and holders of `ANY` system privileges must be on an allowlist; no open account
 * may still use a default password (DBA_USERS_WITH_DEFPWD; from CDB$ROOT, CDB_USERS_WITH_DEFPWD for
 * every container). Connected to a PDB, Oracle's own (common) accounts are invisible to that view,
 * so an empty answer there is `error` with the connection that would decide it, never a pass.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { bindList } from "../shared/oracle-names.js";
import type { OracleSession } from "../../targets/oracle.js";
import * as Q from "./queries.js";

export interface PrivilegesParams {
  readonly powerful_roles?: readonly string[];
  readonly allowed_role_grantees?: readonly string[];
  readonly extra_system_privileges?: readonly string[];
  readonly allowed_system_privilege_grantees?: readonly string[];
  readonly include_oracle_maintained?: boolean;
}

const aspects = {
  powerful_roles: "Only allowlisted grantees hold DBA and other powerful roles",
  any_privileges: "Only allowlisted grantees hold ANY (and other powerful) system privileges",
  default_passwords: "No open account uses a default password",
} as const;

const messages = {
  role_grant_allowed: "{{grantee}} holds {{roles}} and is on the allowlist",
  role_grant_excess: "{{grantee}} holds {{roles}} but is not on the allowlist",
  no_role_grants: "No grantee outside Oracle's own accounts holds {{roles}}",
  sys_priv_allowed: "{{grantee}} holds {{count}} powerful system privilege(s) and is on the allowlist",
  sys_priv_excess: "{{grantee}} holds {{privileges}} but is not on the allowlist",
  no_sys_privs: "No grantee outside Oracle's own accounts holds an ANY system privilege",
  default_password_open: "Account {{user}} is open and still uses its default password",
  default_password_none: "No open account uses a default password ({{locked}} locked account(s) still have one)",
  default_password_pdb:
    "Connected to pluggable database {{container}}: DBA_USERS_WITH_DEFPWD lists only its local users (none open with a default password), and Oracle's own common accounts are listed only from CDB$ROOT — connect a common auditing user (C##…) with SELECT on CDB_USERS_WITH_DEFPWD and CDB_USERS and CONTAINER_DATA=ALL to the root service to decide",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

export const DEFAULT_POWERFUL_ROLES = [
  "DBA",
  "IMP_FULL_DATABASE",
  "EXP_FULL_DATABASE",
  "DATAPUMP_IMP_FULL_DATABASE",
  "DATAPUMP_EXP_FULL_DATABASE",
  "EXECUTE_CATALOG_ROLE",
  "AUDIT_ADMIN",
  "PDB_DBA",
  "RECOVERY_CATALOG_OWNER",
];
const DEFAULT_EXTRA = [
  "ALTER SYSTEM",
  "ALTER DATABASE",
  "BECOME USER",
  "GRANT ANY PRIVILEGE",
  "EXEMPT ACCESS POLICY",
  "AUDIT SYSTEM",
];

type DefaultPasswordScope = "non_cdb" | "cdb_root" | "pdb";

/** Accounts still on a default password, read where Oracle lists them all: the root of a CDB, or a non-CDB. */
async function defaultPasswords(s: OracleSession): Promise<{
  container: string;
  scope: DefaultPasswordScope;
  defpwd: readonly { USERNAME: string; ACCOUNT_STATUS: string; CON_ID?: number }[];
}> {
  const [c] = await s.query(Q.container);
  const container = c?.CON_NAME ?? "?";
  const scope: DefaultPasswordScope = c?.CDB !== "YES" ? "non_cdb" : container === "CDB$ROOT" ? "cdb_root" : "pdb";
  const defpwd = scope === "cdb_root" ? await s.query(Q.cdbDefaultPasswords) : await s.query(Q.defaultPasswords);
  return { container, scope, defpwd };
}

function group<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

export default defineProbe<PrivilegesParams>()({
  meta: {
    id: "ora_privileges",
    version: "1.0.0",
    title: "Oracle privileged roles, ANY privileges and default passwords",
    description:
      "Reads DBA_ROLE_PRIVS, DBA_SYS_PRIVS, DBA_USERS_WITH_DEFPWD, DBA_USERS and DBA_ROLES; the container from SYS_CONTEXT and V$DATABASE; from CDB$ROOT, CDB_USERS_WITH_DEFPWD and CDB_USERS.",
    targetTypes: ["oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      properties: {
        powerful_roles: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
        allowed_role_grantees: { type: "array", items: { type: "string", minLength: 1 } },
        extra_system_privileges: { type: "array", items: { type: "string", minLength: 1 } },
        allowed_system_privilege_grantees: { type: "array", items: { type: "string", minLength: 1 } },
        include_oracle_maintained: { type: "boolean" },
      },
    },
    privileges: [
      "SELECT_CATALOG_ROLE (or SELECT ON DBA_ROLE_PRIVS, DBA_SYS_PRIVS, DBA_USERS_WITH_DEFPWD, DBA_USERS, DBA_ROLES, V_$DATABASE)",
      "default passwords of Oracle's own accounts in a CDB: a common user connected to CDB$ROOT with SELECT ON CDB_USERS_WITH_DEFPWD, CDB_USERS and CONTAINER_DATA=ALL",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run(ctx) {
    const p = ctx.params;
    const up = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => x.toUpperCase());
    const roles = p.powerful_roles ? up(p.powerful_roles) : DEFAULT_POWERFUL_ROLES;
    const extra = p.extra_system_privileges ? up(p.extra_system_privileges) : DEFAULT_EXTRA;
    const skip_maintained = p.include_oracle_maintained === true ? "N" : "Y";
    const seen = await ctx.target.handle.readOnly(
      async (s) => ({
        roleGrants: await s.query(Q.roleGrants, { roles: bindList(roles), skip_maintained }),
        sysPrivs: await s.query(Q.sysPrivs, { extra: bindList(extra), skip_maintained }),
        ...(await defaultPasswords(s)),
      }),
      ctx.signal,
    );
    const findings: F[] = [];

    const allowedRole = new Set(up(p.allowed_role_grantees));
    const byGrantee = group(seen.roleGrants, (r) => r.GRANTEE);
    if (byGrantee.size === 0)
      findings.push({
        aspect: "powerful_roles",
        status: "pass",
        messageId: "no_role_grants",
        data: { roles: roles.join(", ") },
      });
    for (const [grantee, rows] of byGrantee) {
      const data = {
        grantee,
        roles: rows.map((r) => r.GRANTED_ROLE + (r.ADMIN_OPTION === "YES" ? " (with admin option)" : "")).join(", "),
      };
      findings.push({
        aspect: "powerful_roles",
        status: allowedRole.has(grantee) ? "pass" : "fail",
        subject: grantee,
        messageId: allowedRole.has(grantee) ? "role_grant_allowed" : "role_grant_excess",
        data,
      });
    }

    const allowedPriv = new Set(up(p.allowed_system_privilege_grantees));
    const privsBy = group(seen.sysPrivs, (r) => r.GRANTEE);
    if (privsBy.size === 0) findings.push({ aspect: "any_privileges", status: "pass", messageId: "no_sys_privs" });
    for (const [grantee, rows] of privsBy) {
      const ok = allowedPriv.has(grantee);
      findings.push({
        aspect: "any_privileges",
        status: ok ? "pass" : "fail",
        subject: grantee,
        messageId: ok ? "sys_priv_allowed" : "sys_priv_excess",
        data: { grantee, count: rows.length, privileges: rows.map((r) => r.PRIVILEGE).join(", ") },
      });
    }

    // ACCOUNT_STATUS is OPEN, or e.g. "EXPIRED(GRACE)"; anything LOCKED cannot log in.
    const open = seen.defpwd.filter((u) => !u.ACCOUNT_STATUS.includes("LOCKED"));
    for (const u of open) {
      const user = u.CON_ID === undefined ? u.USERNAME : `${u.USERNAME} (container ${u.CON_ID})`;
      findings.push({
        aspect: "default_passwords",
        status: "fail",
        subject: user,
        messageId: "default_password_open",
        data: { user },
      });
    }
    if (open.length === 0 && seen.scope === "pdb")
      findings.push({
        aspect: "default_passwords",
        status: "error",
        messageId: "default_password_pdb",
        data: { container: seen.container },
      });
    else if (open.length === 0)
      findings.push({
        aspect: "default_passwords",
        status: "pass",
        messageId: "default_password_none",
        data: { locked: seen.defpwd.length },
      });

    return {
      facts: {
        powerful_roles: roles,
        role_grants: seen.roleGrants.map((r) => ({
          grantee: r.GRANTEE,
          role: r.GRANTED_ROLE,
          admin_option: r.ADMIN_OPTION === "YES",
        })),
        system_privileges: seen.sysPrivs.map((r) => ({
          grantee: r.GRANTEE,
          privilege: r.PRIVILEGE,
          admin_option: r.ADMIN_OPTION === "YES",
        })),
        container: seen.container,
        default_password_scope: seen.scope,
        default_password_accounts: seen.defpwd.map((u) => ({
          user: u.USERNAME,
          status: u.ACCOUNT_STATUS,
          ...(u.CON_ID === undefined ? {} : { con_id: u.CON_ID }),
        })),
      },
      findings,
    };
  },
});
