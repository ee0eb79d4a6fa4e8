/**
 * @module `ora_password_profiles`: the password rules (DBA_PROFILES) of every profile assigned to
 * the application and human accounts — failed-login lockout, lock time, password lifetime and a
 * verify function — against the profile's thresholds.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding } from "../define.js";
import { effectiveLimit, indexProfiles, show } from "./limits.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import * as Q from "./queries.js";

const params = paramsObject({
  application_accounts: withDefault(Frag.list(), []),
  human_accounts: withDefault(Frag.list(), []),
  failed_login_attempts_max: Frag.count(1),
  password_lock_time_min_days: Type.Number({ minimum: 0 }),
  /** null: no maximum lifetime (NIST SP 800-63B-4 advises against periodic forced changes). */
  password_life_time_max_days: withDefault(Type.Union([Type.Number({ minimum: 1 }), Type.Null()]), null),
  require_verify_function: withDefault(Type.Boolean(), true),
});

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
type Check = {
  aspect: keyof typeof ASPECTS;
  resource: string;
  rule: string;
  ok: (l: ReturnType<typeof effectiveLimit>) => boolean;
};

export default defineProbe({
  meta: {
    id: "ora_password_profiles",
    version: "1.0.0",
    title: "Oracle password profiles of application and human accounts",
    description: "Reads DBA_USERS (profile of each account) and DBA_PROFILES (PASSWORD resources, DEFAULT resolved).",
    targetTypes: ["oracle"],
    params,
    privileges: ["SELECT_CATALOG_ROLE (or SELECT ON DBA_USERS, DBA_PROFILES)"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target: { handle: h }, signal }) {
    const seen = await h.readOnly(
      async (s) => ({ users: await s.query(Q.users), profiles: await s.query(Q.profiles) }),
      signal,
    );
    const limits = indexProfiles(seen.profiles);
    const findings: F[] = [];

    const declared = [
      ...p.application_accounts.map((u) => ({ user: u.toUpperCase(), cls: "application" })),
      ...p.human_accounts.map((u) => ({ user: u.toUpperCase(), cls: "human" })),
    ];
    const byName = new Map(seen.users.map((u) => [u.USERNAME, u]));
    for (const d of declared.filter((x) => !byName.has(x.user))) {
      findings.push({
        aspect: "accounts",
        status: "fail",
        subject: d.user,
        messageId: "accountMissing",
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
    if (inScope.length === 0) findings.push({ aspect: "accounts", status: "not_applicable", messageId: "noAccounts" });
    else if (!findings.some((f) => f.aspect === "accounts"))
      findings.push({
        aspect: "accounts",
        status: "pass",
        messageId: "accountsInScope",
        data: { count: inScope.length, users: inScope.map((u) => u.USERNAME).join(", ") },
      });

    const maxLife = p.password_life_time_max_days;
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
    else findings.push({ aspect: "password_life_time", status: "not_applicable", messageId: "lifeTimeNotRequired" });
    if (p.require_verify_function)
      checks.push({
        aspect: "password_verify_function",
        resource: "PASSWORD_VERIFY_FUNCTION",
        rule: "a verify function",
        ok: (l) => l.kind === "function",
      });
    else
      findings.push({ aspect: "password_verify_function", status: "not_applicable", messageId: "verifyNotRequired" });

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
          messageId: ok ? "limitOk" : "limitBad",
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
