/**
 * @module `ora_privileges`: who holds the keys to an Oracle database. Grantees of DBA and other
 * powerful roles and holders of `ANY` system privileges must be on an allowlist; no open account
 * may still use a default password (DBA_USERS_WITH_DEFPWD).
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { bindList } from "../shared/oracle-names.js";
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
    description: "Reads DBA_ROLE_PRIVS, DBA_SYS_PRIVS, DBA_USERS_WITH_DEFPWD, DBA_USERS and DBA_ROLES.",
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
      "SELECT_CATALOG_ROLE (or SELECT ON DBA_ROLE_PRIVS, DBA_SYS_PRIVS, DBA_USERS_WITH_DEFPWD, DBA_USERS, DBA_ROLES)",
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
        defpwd: await s.query(Q.defaultPasswords),
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
    for (const u of open)
      findings.push({
        aspect: "default_passwords",
        status: "fail",
        subject: u.USERNAME,
        messageId: "default_password_open",
        data: { user: u.USERNAME },
      });
    if (open.length === 0)
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
        default_password_accounts: seen.defpwd.map((u) => ({ user: u.USERNAME, status: u.ACCOUNT_STATUS })),
      },
      findings,
    };
  },
});
