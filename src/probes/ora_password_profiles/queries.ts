/** @module Dictionary statements of `ora_password_profiles`. */
import { selectFrom } from "../../targets/sql/sql.js";

export const users = selectFrom<{
  USERNAME: string;
  PROFILE: string;
  ACCOUNT_STATUS: string;
  AUTHENTICATION_TYPE: string;
  ORACLE_MAINTAINED: string;
}>({
  name: "ora_password_profiles.users",
  view: "DBA_USERS",
  columns: ["USERNAME", "PROFILE", "ACCOUNT_STATUS", "AUTHENTICATION_TYPE", "ORACLE_MAINTAINED"],
  rest: "ORDER BY USERNAME",
});

export const profiles = selectFrom<{ PROFILE: string; RESOURCE_NAME: string; LIMIT: string }>({
  name: "ora_password_profiles.profiles",
  view: "DBA_PROFILES",
  columns: ["PROFILE", "RESOURCE_NAME", "LIMIT"],
  rest: "WHERE RESOURCE_TYPE = 'PASSWORD' ORDER BY PROFILE, RESOURCE_NAME",
});

export const STATEMENTS = [users, profiles];
