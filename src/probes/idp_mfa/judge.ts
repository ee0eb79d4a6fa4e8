/** @module Pure judgement of `idp_mfa`: IdpData + thresholds → findings and the account lists. */
import { type ProbeFinding, verdict } from "../define.js";
import type { IdpAccount, IdpData, IdpPolicy } from "./model.js";
import type { IdpAspect, IdpMessage } from "./messages.js";

type F = ProbeFinding<IdpMessage, IdpAspect>;

export interface Thresholds {
  readonly privilegedRoles: readonly string[];
  readonly phishingResistant: readonly string[];
  readonly mfaPrivilegedMinPct: number;
  readonly mfaAllMinPct: number;
  readonly requirePhishingResistantAdmins: boolean;
  readonly adminCountMin: number | undefined;
  readonly adminCountMax: number | undefined;
  readonly lockoutMaxFailures: number;
  /** Shortest acceptable temporary lockout; not judged when absent. */
  readonly lockoutMinMinutes: number | undefined;
  readonly sessionIdleMaxMinutes: number;
  readonly sessionMaxHours: number;
  readonly accessTokenMaxMinutes: number;
  readonly passwordMinLength: number;
  readonly passwordMaxAgeDays: number | null;
}

const LIST_MAX = 25;
const names = (a: readonly IdpAccount[]): string => {
  const shown = a.slice(0, LIST_MAX).map((x) => x.username || x.id);
  return shown.join(", ") + (a.length > LIST_MAX ? ` and ${a.length - LIST_MAX} more` : "");
};
const pct = (n: number, d: number): number => (d === 0 ? 100 : Math.floor((n / d) * 1000) / 10);

export function isPrivileged(a: IdpAccount, roles: readonly string[]): boolean {
  return a.roles.some((r) => roles.includes(r) || roles.includes(r.slice(r.indexOf(":") + 1)));
}

export function coverage(data: IdpData, t: Thresholds) {
  const people = data.accounts.filter((a) => a.enabled && !a.service);
  const privileged = people.filter((a) => isPrivileged(a, t.privilegedRoles));
  const hasMfa = (a: IdpAccount): boolean => a.factors.length > 0;
  return {
    people,
    privileged,
    service: data.accounts.filter((a) => a.service),
    disabled: data.accounts.filter((a) => !a.enabled),
    privilegedWithoutMfa: privileged.filter((a) => !hasMfa(a)),
    usersWithoutMfa: people.filter((a) => !hasMfa(a)),
    adminsWithoutPhishingResistant: privileged.filter((a) => !a.factors.some((f) => t.phishingResistant.includes(f))),
  };
}

export function judge(data: IdpData, t: Thresholds): F[] {
  const c = coverage(data, t);
  const out: F[] = [];
  const privPct = pct(c.privileged.length - c.privilegedWithoutMfa.length, c.privileged.length);
  if (c.privileged.length === 0)
    out.push({
      aspect: "mfa_privileged",
      status: "not_applicable",
      messageId: "noPrivileged",
      data: { roles: t.privilegedRoles.join(", ") },
    });
  else if (privPct >= t.mfaPrivilegedMinPct)
    out.push({
      aspect: "mfa_privileged",
      status: "pass",
      messageId: "mfaPrivilegedOk",
      data: { n: c.privileged.length, pct: privPct },
    });
  else
    out.push({
      aspect: "mfa_privileged",
      status: "fail",
      messageId: "mfaPrivilegedLow",
      data: { pct: privPct, min: t.mfaPrivilegedMinPct, accounts: names(c.privilegedWithoutMfa) },
    });

  const allPct = pct(c.people.length - c.usersWithoutMfa.length, c.people.length);
  if (allPct >= t.mfaAllMinPct)
    out.push({
      aspect: "mfa_all_users",
      status: "pass",
      messageId: "mfaAllOk",
      data: { n: c.people.length, pct: allPct, excluded: c.service.length },
    });
  else
    out.push({
      aspect: "mfa_all_users",
      status: "fail",
      messageId: "mfaAllLow",
      data: { pct: allPct, min: t.mfaAllMinPct, count: c.usersWithoutMfa.length, accounts: names(c.usersWithoutMfa) },
    });

  if (!t.requirePhishingResistantAdmins)
    out.push({ aspect: "phishing_resistant_admins", status: "not_applicable", messageId: "phishingNotRequired" });
  else if (c.adminsWithoutPhishingResistant.length === 0)
    out.push({ aspect: "phishing_resistant_admins", status: "pass", messageId: "phishingOk" });
  else
    out.push({
      aspect: "phishing_resistant_admins",
      status: "fail",
      messageId: "phishingMissing",
      data: { accounts: names(c.adminsWithoutPhishingResistant) },
    });

  const n = c.privileged.length;
  const tooFew = t.adminCountMin !== undefined && n < t.adminCountMin;
  const tooMany = t.adminCountMax !== undefined && n > t.adminCountMax;
  if (t.adminCountMin === undefined && t.adminCountMax === undefined)
    out.push({ aspect: "admin_count", status: "not_applicable", messageId: "adminCountNotSet" });
  else
    out.push({
      aspect: "admin_count",
      status: tooFew || tooMany ? "fail" : "pass",
      messageId: tooFew || tooMany ? "adminCountBad" : "adminCountOk",
      data: { n, min: t.adminCountMin ?? 0, max: t.adminCountMax ?? "∞" },
    });

  const p = data.policy;
  if (!p) {
    const realmAspects = [
      "mfa_enforced",
      "lockout",
      "session_timeouts",
      "token_lifespan",
      "password_policy",
      "client_pkce",
    ] as const;
    for (const aspect of realmAspects)
      out.push({ aspect, status: "not_applicable", messageId: "noPolicy", data: { source: data.source } });
    return out;
  }
  out.push(...lockout(p, t), mfaEnforced(data.realm, p));
  const idle = p.ssoSessionIdleSeconds / 60;
  const max = p.ssoSessionMaxSeconds / 3600;
  const sessionOk = idle <= t.sessionIdleMaxMinutes && max <= t.sessionMaxHours;
  out.push(
    verdict("session_timeouts", sessionOk, ["sessionOk", "sessionLong"], {
      idle,
      max,
      idleMax: t.sessionIdleMaxMinutes,
      maxMax: t.sessionMaxHours,
    }),
  );

  const at = p.accessTokenLifespanSeconds / 60;
  const tokenMax = t.accessTokenMaxMinutes;
  out.push(verdict("token_lifespan", at <= tokenMax, ["tokenOk", "tokenLong"], { minutes: at, max: tokenMax }));
  for (const c of data.clients) {
    if (c.accessTokenLifespanSeconds === null) continue;
    const minutes = c.accessTokenLifespanSeconds / 60;
    const d = { client: c.clientId, minutes, max: tokenMax };
    out.push(verdict("token_lifespan", minutes <= tokenMax, ["clientTokenOk", "clientTokenLong"], d, c.clientId));
  }
  out.push(...pkce(data));

  const pw = p.passwordPolicy;
  if (!pw) out.push({ aspect: "password_policy", status: "fail", messageId: "passwordNone" });
  else if ((pw.minLength ?? 0) < t.passwordMinLength)
    out.push({
      aspect: "password_policy",
      status: "fail",
      messageId: "passwordShort",
      data: { length: pw.minLength ?? "unset", min: t.passwordMinLength },
    });
  else if (t.passwordMaxAgeDays !== null && (pw.expiryDays === null || pw.expiryDays > t.passwordMaxAgeDays))
    out.push({
      aspect: "password_policy",
      status: "fail",
      messageId: "passwordExpiry",
      data: { days: pw.expiryDays ?? "never", max: t.passwordMaxAgeDays },
    });
  else
    out.push({
      aspect: "password_policy",
      status: "pass",
      messageId: "passwordOk",
      data: { length: pw.minLength ?? 0 },
    });
  return out;
}

/** Lockout settings are judged whether or not protection is on: switching it on brings them into force. */
function lockout(p: IdpPolicy, t: Thresholds): F[] {
  const out: F[] = [];
  const state = p.bruteForceProtected ? "" : " (not in force: brute-force protection is off)";
  if (!p.bruteForceProtected) out.push({ aspect: "lockout", status: "fail", messageId: "lockoutOff" });
  const waitMin = p.lockoutWaitSeconds / 60;
  const mode = p.permanentLockout
    ? "permanent until an administrator unlocks"
    : `temporary: ${waitMin} min, growing to at most ${p.lockoutMaxWaitSeconds / 60} min`;
  if (p.failureFactor === null || p.failureFactor > t.lockoutMaxFailures)
    out.push({
      aspect: "lockout",
      status: "fail",
      messageId: "lockoutLoose",
      data: { failures: p.failureFactor ?? "unset", max: t.lockoutMaxFailures, state },
    });
  else
    out.push({
      aspect: "lockout",
      status: "pass",
      messageId: "lockoutOk",
      data: { failures: p.failureFactor, mode, state },
    });
  if (t.lockoutMinMinutes !== undefined && !p.permanentLockout && waitMin < t.lockoutMinMinutes)
    out.push({
      aspect: "lockout",
      status: "fail",
      messageId: "lockoutShort",
      data: { minutes: waitMin, min: t.lockoutMinMinutes, state },
    });
  return out;
}

function mfaEnforced(realm: string | null, p: IdpPolicy): F {
  const data = { flow: `of realm ${realm ?? "?"}` };
  switch (p.browserFlowSecondFactor) {
    case "required":
      return { aspect: "mfa_enforced", status: "pass", messageId: "mfaFlowRequired", data };
    case "conditional":
      return { aspect: "mfa_enforced", status: "fail", messageId: "mfaFlowConditional", data };
    case "none":
      return { aspect: "mfa_enforced", status: "fail", messageId: "mfaFlowNone", data };
    case "unknown":
      return { aspect: "mfa_enforced", status: "error", messageId: "mfaFlowUnknown", data };
  }
}

function pkce(data: IdpData): F[] {
  const clients = data.clients.filter((c) => c.publicClient && c.codeFlow);
  if (clients.length === 0) return [{ aspect: "client_pkce", status: "not_applicable", messageId: "noPublicClients" }];
  return clients.map((c): F => {
    const d = { client: c.clientId };
    if (c.pkceMethod === "S256")
      return { aspect: "client_pkce", status: "pass", messageId: "pkceOk", subject: c.clientId, data: d };
    return {
      aspect: "client_pkce",
      status: "fail",
      messageId: c.pkceMethod === "plain" ? "pkcePlain" : "pkceMissing",
      subject: c.clientId,
      data: d,
    };
  });
}
