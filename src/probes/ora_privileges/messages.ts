/** @module Aspects and message templates of `ora_privileges`. */

export const ASPECTS = {
  powerful_roles: "Only allowlisted grantees hold DBA and other powerful roles",
  any_privileges: "Only allowlisted grantees hold ANY (and other powerful) system privileges",
  default_passwords: "No open account uses a default password",
} as const;

export const MESSAGES = {
  roleGrantAllowed: "{{grantee}} holds {{roles}} and is on the allowlist",
  roleGrantExcess: "{{grantee}} holds {{roles}} but is not on the allowlist",
  noRoleGrants: "No grantee outside Oracle's own accounts holds {{roles}}",
  sysPrivAllowed: "{{grantee}} holds {{count}} powerful system privilege(s) and is on the allowlist",
  sysPrivExcess: "{{grantee}} holds {{privileges}} but is not on the allowlist",
  noSysPrivs: "No grantee outside Oracle's own accounts holds an ANY system privilege",
  defaultPasswordOpen: "Account {{user}} is open and still uses its default password",
  defaultPasswordNone: "No open account uses a default password ({{locked}} locked account(s) still have one)",
  defaultPasswordPdb:
    "Connected to pluggable database {{container}}: DBA_USERS_WITH_DEFPWD lists only its local users (none open with a default password), and Oracle's own common accounts are listed only from CDB$ROOT — connect a common auditing user (C##…) with SELECT on CDB_USERS_WITH_DEFPWD and CDB_USERS and CONTAINER_DATA=ALL to the root service to decide",
} as const;
