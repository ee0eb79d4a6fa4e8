/**
 * @module `ora_privileges`: who holds the keys to an Oracle database. Grantees of DBA and other
 * powerful roles and holders of `ANY` system privileges must be on an allowlist; no open account
 * may still use a default password (DBA_USERS_WITH_DEFPWD; from CDB$ROOT, CDB_USERS_WITH_DEFPWD for
 * every container). Connected to a PDB, Oracle's own (common) accounts are invisible to that view,
 * so an empty answer there is `error` with the connection that would decide it, never a pass.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding } from "../define.js";
import { bindList } from "../shared/oracle-names.js";
import type { OracleSession } from "../../targets/oracle.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import * as Q from "./queries.js";

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

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

const params = paramsObject({
  powerful_roles: withDefault(Frag.names(), DEFAULT_POWERFUL_ROLES),
  allowed_role_grantees: withDefault(Frag.list(), []),
  extra_system_privileges: withDefault(Frag.list(), DEFAULT_EXTRA),
  allowed_system_privilege_grantees: withDefault(Frag.list(), []),
  include_oracle_maintained: withDefault(Type.Boolean(), false),
});

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

export default defineProbe({
  meta: {
    id: "ora_privileges",
    version: "1.0.0",
    title: "Oracle privileged roles, ANY privileges and default passwords",
    description:
      "Reads DBA_ROLE_PRIVS, DBA_SYS_PRIVS, DBA_USERS_WITH_DEFPWD, DBA_USERS and DBA_ROLES; the container from SYS_CONTEXT and V$DATABASE; from CDB$ROOT, CDB_USERS_WITH_DEFPWD and CDB_USERS.",
    targetTypes: ["oracle"],
    params,
    privileges: [
      "SELECT_CATALOG_ROLE (or SELECT ON DBA_ROLE_PRIVS, DBA_SYS_PRIVS, DBA_USERS_WITH_DEFPWD, DBA_USERS, DBA_ROLES, V_$DATABASE)",
      "default passwords of Oracle's own accounts in a CDB: a common user connected to CDB$ROOT with SELECT ON CDB_USERS_WITH_DEFPWD, CDB_USERS and CONTAINER_DATA=ALL",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target: { handle: h }, signal }) {
    const up = (xs: readonly string[]) => xs.map((x) => x.toUpperCase());
    const roles = up(p.powerful_roles);
    const extra = up(p.extra_system_privileges);
    const skip_maintained = p.include_oracle_maintained ? "N" : "Y";
    const seen = await h.readOnly(
      async (s) => ({
        roleGrants: await s.query(Q.roleGrants, { roles: bindList(roles), skip_maintained }),
        sysPrivs: await s.query(Q.sysPrivs, { extra: bindList(extra), skip_maintained }),
        ...(await defaultPasswords(s)),
      }),
      signal,
    );
    const findings: F[] = [];

    const allowedRole = new Set(up(p.allowed_role_grantees));
    const byGrantee = group(seen.roleGrants, (r) => r.GRANTEE);
    if (byGrantee.size === 0)
      findings.push({
        aspect: "powerful_roles",
        status: "pass",
        messageId: "noRoleGrants",
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
        messageId: allowedRole.has(grantee) ? "roleGrantAllowed" : "roleGrantExcess",
        data,
      });
    }

    const allowedPriv = new Set(up(p.allowed_system_privilege_grantees));
    const privsBy = group(seen.sysPrivs, (r) => r.GRANTEE);
    if (privsBy.size === 0) findings.push({ aspect: "any_privileges", status: "pass", messageId: "noSysPrivs" });
    for (const [grantee, rows] of privsBy) {
      const ok = allowedPriv.has(grantee);
      findings.push({
        aspect: "any_privileges",
        status: ok ? "pass" : "fail",
        subject: grantee,
        messageId: ok ? "sysPrivAllowed" : "sysPrivExcess",
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
        messageId: "defaultPasswordOpen",
        data: { user },
      });
    }
    if (open.length === 0 && seen.scope === "pdb")
      findings.push({
        aspect: "default_passwords",
        status: "error",
        messageId: "defaultPasswordPdb",
        data: { container: seen.container },
      });
    else if (open.length === 0)
      findings.push({
        aspect: "default_passwords",
        status: "pass",
        messageId: "defaultPasswordNone",
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
