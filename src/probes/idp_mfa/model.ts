/**
 * @module The identity-provider data `idp_mfa` judges, whatever the source format: accounts with
 * their factor types and effective roles, and the realm's policy. Holds no credential material.
 */

export interface IdpAccount {
  readonly id: string;
  readonly username: string;
  readonly enabled: boolean;
  /** Service or workload identity: outside the MFA denominator, listed separately. */
  readonly service: boolean;
  /** Second-factor credential types enrolled (otp, webauthn…). */
  readonly factors: readonly string[];
  /** A second factor is required but not yet configured (e.g. Keycloak CONFIGURE_TOTP). */
  readonly factorPending: boolean;
  /** Effective roles after groups and composites: realm roles by name, client roles as `client:role`. */
  readonly roles: readonly string[];
}

export interface PasswordPolicy {
  readonly raw: Readonly<Record<string, string>>;
  readonly minLength: number | null;
  readonly expiryDays: number | null;
  readonly historyCount: number | null;
}

export interface IdpPolicy {
  readonly bruteForceProtected: boolean;
  readonly failureFactor: number | null;
  readonly accessTokenLifespanSeconds: number;
  readonly ssoSessionIdleSeconds: number;
  readonly ssoSessionMaxSeconds: number;
  readonly passwordPolicy: PasswordPolicy | null;
  /** Whether the login flow itself demands a second factor (facts only; coverage counts enrolment). */
  readonly browserFlowSecondFactor: "required" | "conditional" | "none" | "unknown";
}

export interface IdpData {
  readonly source: "keycloak" | "csv" | "json";
  readonly realm: string | null;
  readonly accounts: readonly IdpAccount[];
  /** Present for sources that carry realm settings (Keycloak); generic exports have none. */
  readonly policy: IdpPolicy | null;
}

/** Keycloak `passwordPolicy`: `length(12) and digits(1) and forceExpiredPasswordChange(90)`. */
export function parsePasswordPolicy(text: string | undefined): PasswordPolicy | null {
  if (text === undefined || text.trim() === "") return null;
  const raw: Record<string, string> = {};
  for (const part of text.split(/\s+and\s+/)) {
    const m = /^\s*([A-Za-z]+)\s*(?:\((.*)\))?\s*$/.exec(part);
    if (m?.[1]) raw[m[1]] = m[2] ?? "";
  }
  const num = (k: string): number | null => {
    const v = raw[k];
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
  };
  return {
    raw,
    minLength: num("length"),
    expiryDays: num("forceExpiredPasswordChange"),
    historyCount: num("passwordHistory"),
  };
}
