/** @module Dictionary statements of `ora_password_profiles`. */
import { statement } from "../../targets/sql/sql.js";

export const users = statement<{
  USERNAME: string;
  PROFILE: string;
  ACCOUNT_STATUS: string;
  AUTHENTICATION_TYPE: string;
  ORACLE_MAINTAINED: string;
}>({
  name: "ora_password_profiles.users",
  sql: "SELECT USERNAME, PROFILE, ACCOUNT_STATUS, AUTHENTICATION_TYPE, ORACLE_MAINTAINED FROM DBA_USERS ORDER BY USERNAME",
  views: ["DBA_USERS"],
  columns: ["USERNAME", "PROFILE", "ACCOUNT_STATUS", "AUTHENTICATION_TYPE", "ORACLE_MAINTAINED"],
});

export const profiles = statement<{ PROFILE: string; RESOURCE_NAME: string; LIMIT: string }>({
  name: "ora_password_profiles.profiles",
  sql: "SELECT PROFILE, RESOURCE_NAME, LIMIT FROM DBA_PROFILES WHERE RESOURCE_TYPE = 'PASSWORD' ORDER BY PROFILE, RESOURCE_NAME",
  views: ["DBA_PROFILES"],
  columns: ["PROFILE", "RESOURCE_NAME", "LIMIT"],
});

export const STATEMENTS = [users, profiles];
