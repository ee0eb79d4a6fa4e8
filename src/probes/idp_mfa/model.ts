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
  /** Lockout mode, read even when brute-force protection is off (a later switch-on brings it into force). */
  readonly permanentLockout: boolean;
  /** A temporary lockout's first wait (Keycloak `waitIncrementSeconds`) and its cap (`maxFailureWaitSeconds`). */
  readonly lockoutWaitSeconds: number;
  readonly lockoutMaxWaitSeconds: number;
  readonly accessTokenLifespanSeconds: number;
  readonly ssoSessionIdleSeconds: number;
  readonly ssoSessionMaxSeconds: number;
  readonly passwordPolicy: PasswordPolicy | null;
  /** Whether the login flow itself demands a second factor (facts only; coverage counts enrolment). */
  readonly browserFlowSecondFactor: "required" | "conditional" | "none" | "unknown";
}

/** An OAuth client of the realm, as far as token lifetime and PKCE are concerned. */
export interface IdpClient {
  readonly clientId: string;
  /** A public client has no secret (SPA, mobile, CLI): PKCE is its only protection of the code. */
  readonly publicClient: boolean;
  /** Authorization-code flow enabled (Keycloak's `standardFlowEnabled`, on unless set false). */
  readonly codeFlow: boolean;
  /** The client's own access-token lifespan (`attributes["access.token.lifespan"]`), overriding the realm's. */
  readonly accessTokenLifespanSeconds: number | null;
  /** `attributes["pkce.code.challenge.method"]`: "S256", "plain", or null when PKCE is not required. */
  readonly pkceMethod: string | null;
}

export interface IdpData {
  readonly source: "keycloak" | "csv" | "json";
  readonly realm: string | null;
  readonly accounts: readonly IdpAccount[];
  /** Present for sources that carry realm settings (Keycloak); generic exports have none. */
  readonly policy: IdpPolicy | null;
  readonly clients: readonly IdpClient[];
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
