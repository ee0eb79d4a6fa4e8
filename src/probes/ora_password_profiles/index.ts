/**
 * @module `ora_password_profiles`: the password rules (DBA_PROFILES) of every profile assigned to
 * the application and human accounts — failed-login lockout, lock time, password lifetime and a
 * verify function — against the profile's thresholds.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { effectiveLimit, indexProfiles, show } from "./limits.js";
import * as Q from "./queries.js";

export interface PasswordProfilesParams {
  readonly application_accounts?: readonly string[];
  readonly human_accounts?: readonly string[];
  readonly failed_login_attempts_max: number;
  readonly password_lock_time_min_days: number;
  readonly password_life_time_max_days?: number | null;
  readonly require_verify_function?: boolean;
}

const aspects = {
  failed_login_attempts: "FAILED_LOGIN_ATTEMPTS is at most the maximum",
  password_lock_time: "PASSWORD_LOCK_TIME is at least the minimum (days)",
  password_life_time: "PASSWORD_LIFE_TIME is at most the maximum (days), when the profile sets one",
  password_verify_function: "A PASSWORD_VERIFY_FUNCTION is set",
  accounts: "The declared accounts exist",
} as const;

const messages = {
  limit_ok: "Profile {{profile}} ({{accounts}}): {{resource}} = {{limit}} meets {{rule}}",
  limit_bad: "Profile {{profile}} ({{accounts}}): {{resource}} = {{limit}} does not meet {{rule}}",
  life_time_not_required: "No maximum password lifetime is required by the profile (NIST SP 800-63B-4)",
  verify_not_required: "A password verify function is not required by the profile",
  account_missing: "Declared {{class}} account {{user}} does not exist in DBA_USERS",
  no_accounts: "No open password-authenticated accounts are in scope",
  accounts_in_scope: "{{count}} account(s) in scope: {{users}}",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;
type Check = {
  aspect: keyof typeof aspects;
  resource: string;
  rule: string;
  ok: (l: ReturnType<typeof effectiveLimit>) => boolean;
};

export default defineProbe<PasswordProfilesParams>()({
  meta: {
    id: "ora_password_profiles",
    version: "1.0.0",
    title: "Oracle password profiles of application and human accounts",
    description: "Reads DBA_USERS (profile of each account) and DBA_PROFILES (PASSWORD resources, DEFAULT resolved).",
    targetTypes: ["oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["failed_login_attempts_max", "password_lock_time_min_days"],
      properties: {
        application_accounts: { type: "array", items: { type: "string", minLength: 1 } },
        human_accounts: { type: "array", items: { type: "string", minLength: 1 } },
        failed_login_attempts_max: { type: "integer", minimum: 1 },
        password_lock_time_min_days: { type: "number", minimum: 0 },
        password_life_time_max_days: { type: ["number", "null"], minimum: 1 },
        require_verify_function: { type: "boolean" },
      },
    },
    privileges: ["SELECT_CATALOG_ROLE (or SELECT ON DBA_USERS, DBA_PROFILES)"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run(ctx) {
    const p = ctx.params;
    const seen = await ctx.target.handle.readOnly(
      async (s) => ({ users: await s.query(Q.users), profiles: await s.query(Q.profiles) }),
      ctx.signal,
    );
    const limits = indexProfiles(seen.profiles);
    const findings: F[] = [];

    const declared = [
      ...(p.application_accounts ?? []).map((u) => ({ user: u.toUpperCase(), cls: "application" })),
      ...(p.human_accounts ?? []).map((u) => ({ user: u.toUpperCase(), cls: "human" })),
    ];
    const byName = new Map(seen.users.map((u) => [u.USERNAME, u]));
    for (const d of declared.filter((x) => !byName.has(x.user))) {
      findings.push({
        aspect: "accounts",
        status: "fail",
        subject: d.user,
        messageId: "account_missing",
        data: { user: d.user, class: d.cls },
      });
    }
    // Without declared accounts: every open, password-authenticated account Oracle does not maintain.
    const inScope =
      declared.length > 0
        ? seen.users.filter((u) => declared.some((d) => d.user === u.USERNAME))
        : seen.users.filter(
            (u) =>
              u.ORACLE_MAINTAINED !== "Y" &&
              u.AUTHENTICATION_TYPE === "PASSWORD" &&
              u.ACCOUNT_STATUS.startsWith("OPEN"),
          );
    if (inScope.length === 0) findings.push({ aspect: "accounts", status: "not_applicable", messageId: "no_accounts" });
    else if (!findings.some((f) => f.aspect === "accounts"))
      findings.push({
        aspect: "accounts",
        status: "pass",
        messageId: "accounts_in_scope",
        data: { count: inScope.length, users: inScope.map((u) => u.USERNAME).join(", ") },
      });

    const maxLife = p.password_life_time_max_days ?? null;
    const checks: Check[] = [
      {
        aspect: "failed_login_attempts",
        resource: "FAILED_LOGIN_ATTEMPTS",
        rule: `≤ ${p.failed_login_attempts_max}`,
        ok: (l) => l.kind === "number" && l.value <= p.failed_login_attempts_max,
      },
      {
        aspect: "password_lock_time",
        resource: "PASSWORD_LOCK_TIME",
        rule: `≥ ${p.password_lock_time_min_days} day(s)`,
        ok: (l) => l.kind === "unlimited" || (l.kind === "number" && l.value >= p.password_lock_time_min_days),
      },
    ];
    if (maxLife !== null)
      checks.push({
        aspect: "password_life_time",
        resource: "PASSWORD_LIFE_TIME",
        rule: `≤ ${maxLife} days`,
        ok: (l) => l.kind === "number" && l.value <= maxLife,
      });
    else findings.push({ aspect: "password_life_time", status: "not_applicable", messageId: "life_time_not_required" });
    if (p.require_verify_function !== false)
      checks.push({
        aspect: "password_verify_function",
        resource: "PASSWORD_VERIFY_FUNCTION",
        rule: "a verify function",
        ok: (l) => l.kind === "function",
      });
    else
      findings.push({ aspect: "password_verify_function", status: "not_applicable", messageId: "verify_not_required" });

    const profiles = [...new Set(inScope.map((u) => u.PROFILE))].sort();
    for (const profile of profiles) {
      const accounts = inScope
        .filter((u) => u.PROFILE === profile)
        .map((u) => u.USERNAME)
        .join(", ");
      for (const c of checks) {
        const limit = effectiveLimit(limits, profile, c.resource);
        const ok = c.ok(limit);
        findings.push({
          aspect: c.aspect,
          status: ok ? "pass" : "fail",
          subject: profile,
          messageId: ok ? "limit_ok" : "limit_bad",
          data: { profile, accounts, resource: c.resource, limit: show(limit), rule: c.rule },
        });
      }
    }

    return {
      facts: {
        accounts: inScope.map((u) => ({
          user: u.USERNAME,
          profile: u.PROFILE,
          status: u.ACCOUNT_STATUS,
          class: declared.find((d) => d.user === u.USERNAME)?.cls ?? "open account",
        })),
        profiles: Object.fromEntries(
          profiles.map((pr) => [
            pr,
            Object.fromEntries(
              ["FAILED_LOGIN_ATTEMPTS", "PASSWORD_LOCK_TIME", "PASSWORD_LIFE_TIME", "PASSWORD_VERIFY_FUNCTION"].map(
                (r) => [r, show(effectiveLimit(limits, pr, r))],
              ),
            ),
          ]),
        ),
      },
      findings,
    };
  },
});
