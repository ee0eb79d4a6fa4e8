/** @module Aspects and message templates of `ora_password_profiles`. */

export const ASPECTS = {
  failed_login_attempts: "FAILED_LOGIN_ATTEMPTS is at most the maximum",
  password_lock_time: "PASSWORD_LOCK_TIME is at least the minimum (days)",
  password_life_time: "PASSWORD_LIFE_TIME is at most the maximum (days), when the profile sets one",
  password_verify_function: "A PASSWORD_VERIFY_FUNCTION is set",
  accounts: "The declared accounts exist",
} as const;

export const MESSAGES = {
  limitOk: "Profile {{profile}} ({{accounts}}): {{resource}} = {{limit}} meets {{rule}}",
  limitBad: "Profile {{profile}} ({{accounts}}): {{resource}} = {{limit}} does not meet {{rule}}",
  lifeTimeNotRequired: "No maximum password lifetime is required by the profile (NIST SP 800-63B-4)",
  verifyNotRequired: "A password verify function is not required by the profile",
  accountMissing: "Declared {{class}} account {{user}} does not exist in DBA_USERS",
  noAccounts: "No open password-authenticated accounts are in scope",
  accountsInScope: "{{count}} account(s) in scope: {{users}}",
} as const;
