/** @module Aspects and message templates of `idp_mfa`, shared by the probe and its judge. */

export const ASPECTS = {
  mfa_privileged: "Every enabled privileged account has a second factor (coverage ≥ the minimum, normally 100%)",
  mfa_all_users:
    "Enabled interactive accounts with a second factor reach the minimum coverage (service accounts excluded)",
  phishing_resistant_admins: "Privileged accounts use a phishing-resistant factor (WebAuthn/FIDO2), when required",
  admin_count: "The number of privileged accounts lies within the configured range",
  mfa_enforced: "The login flow demands a second factor of every user (REQUIRED, not CONDITIONAL)",
  lockout:
    "Brute-force protection is on, and the lockout (failures before it, its duration or permanence) meets the limits — judged even while protection is off",
  session_timeouts: "SSO idle and absolute session timeouts are within the maximum",
  token_lifespan: "Access-token lifespan is within the maximum, for the realm and for every client that overrides it",
  client_pkce: "Public clients using the authorization-code flow require PKCE with S256",
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
  lockoutLoose: "Lockout after {{failures}} failures, more than {{max}}{{state}}",
  lockoutOk: "Accounts lock after {{failures}} failures ({{mode}}){{state}}",
  lockoutShort: "A lockout lasts {{minutes}} min, less than {{min}} min{{state}}",
  mfaFlowRequired: "The browser flow {{flow}} requires a second factor of every user",
  mfaFlowConditional:
    "The browser flow {{flow}} asks for a second factor only of users who configured one (CONDITIONAL): MFA is not enforced for all users",
  mfaFlowNone: "The browser flow {{flow}} has no second-factor step",
  mfaFlowUnknown: "The browser flow {{flow}} is not in the export; MFA enforcement cannot be judged",
  sessionOk: "SSO idle {{idle}} min, maximum {{max}} h",
  sessionLong: "SSO idle {{idle}} min / maximum {{max}} h exceed {{idleMax}} min / {{maxMax}} h",
  tokenOk: "Access tokens live {{minutes}} min",
  tokenLong: "Access tokens live {{minutes}} min, more than {{max}}",
  clientTokenOk: "Client {{client}} sets its own access-token lifespan: {{minutes}} min",
  clientTokenLong: "Client {{client}} overrides the access-token lifespan to {{minutes}} min, more than {{max}}",
  pkceOk: "Public client {{client}} requires PKCE S256",
  pkcePlain: "Public client {{client}} accepts PKCE method plain, which does not protect the code",
  pkceMissing: "Public client {{client}} does not require PKCE (pkce.code.challenge.method unset)",
  noPublicClients: "No public client uses the authorization-code flow",
  passwordNone: "No password policy is set",
  passwordShort: "Password minimum length {{length}} < {{min}}",
  passwordExpiry: "Passwords expire after {{days}} days; the profile asks for at most {{max}}",
  passwordOk: "Password policy requires at least {{length}} characters",
} as const;

export type IdpAspect = keyof typeof ASPECTS;
export type IdpMessage = keyof typeof MESSAGES;
