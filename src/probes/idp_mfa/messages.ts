/** @module Aspects and message templates of `idp_mfa`, shared by the probe and its judge. */

export const ASPECTS = {
  mfa_privileged: "Every enabled privileged account has a second factor (coverage ≥ the minimum, normally 100%)",
  mfa_all_users:
    "Enabled interactive accounts with a second factor reach the minimum coverage (service accounts excluded)",
  phishing_resistant_admins: "Privileged accounts use a phishing-resistant factor (WebAuthn/FIDO2), when required",
  admin_count: "The number of privileged accounts lies within the configured range",
  lockout: "Brute-force protection is on and locks within the maximum failures",
  session_timeouts: "SSO idle and absolute session timeouts are within the maximum",
  token_lifespan: "Access-token lifespan is within the maximum",
  password_policy: "The password policy enforces the minimum length (and expiry, when the profile asks)",
} as const;

export const MESSAGES = {
  noPrivileged: "No enabled account holds a privileged role ({{roles}})",
  mfaPrivilegedOk: "All {{n}} privileged accounts have a second factor ({{pct}}%)",
  mfaPrivilegedLow: "Privileged MFA coverage {{pct}}% < {{min}}%; without a second factor: {{accounts}}",
  mfaAllOk: "MFA coverage {{pct}}% of {{n}} interactive accounts ({{excluded}} service accounts excluded)",
  mfaAllLow: "MFA coverage {{pct}}% < {{min}}%; {{count}} accounts without a second factor: {{accounts}}",
  phishingNotRequired: "Phishing-resistant factors for admins are not required by the profile",
  phishingOk: "Every privileged account has a phishing-resistant factor",
  phishingMissing: "Privileged accounts without a phishing-resistant factor: {{accounts}}",
  adminCountNotSet: "No admin-count range configured",
  adminCountOk: "{{n}} privileged accounts (range {{min}}–{{max}})",
  adminCountBad: "{{n}} privileged accounts, outside the range {{min}}–{{max}}",
  noPolicy: "A {{source}} user export carries no realm policy",
  lockoutOff: "Brute-force protection (bruteForceProtected) is off",
  lockoutLoose: "Lockout after {{failures}} failures, more than {{max}}",
  lockoutOk: "Accounts lock after {{failures}} failures",
  sessionOk: "SSO idle {{idle}} min, maximum {{max}} h",
  sessionLong: "SSO idle {{idle}} min / maximum {{max}} h exceed {{idleMax}} min / {{maxMax}} h",
  tokenOk: "Access tokens live {{minutes}} min",
  tokenLong: "Access tokens live {{minutes}} min, more than {{max}}",
  passwordNone: "No password policy is set",
  passwordShort: "Password minimum length {{length}} < {{min}}",
  passwordExpiry: "Passwords expire after {{days}} days; the profile asks for at most {{max}}",
  passwordOk: "Password policy requires at least {{length}} characters",
} as const;

export type IdpAspect = keyof typeof ASPECTS;
export type IdpMessage = keyof typeof MESSAGES;
