/**
 * @module Whether a required unified audit policy really records what it must, from its rows in
 * AUDIT_UNIFIED_ENABLED_POLICIES (19c: https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/AUDIT_UNIFIED_ENABLED_POLICIES.html).
 * `AUDIT POLICY p` gives one row ENABLED_OPTION 'BY USER', ENTITY_NAME 'ALL USERS'; `AUDIT POLICY p
 * EXCEPT u1, u2` one 'EXCEPT USER' row per excepted user (everyone else is audited); `BY u` and
 * `BY USERS WITH GRANTED ROLES r` rows name only those users or roles. SUCCESS and FAILURE say
 * which outcomes are recorded (`WHENEVER [NOT] SUCCESSFUL`).
 */
import type { ProbeFinding } from "../define.js";
import type { MESSAGES } from "./messages.js";

export interface PolicyRow {
  readonly POLICY_NAME: string;
  readonly ENABLED_OPTION: string | null;
  readonly ENTITY_NAME: string | null;
  readonly ENTITY_TYPE: string | null;
  readonly SUCCESS: string;
  readonly FAILURE: string;
}

type F = ProbeFinding<keyof typeof MESSAGES, "required_policies">;

export interface PolicyRule {
  readonly policy: string;
  /** Only unsuccessful events must be recorded (ORA_LOGON_FAILURES audits failed logons only). */
  readonly failureOnly: boolean;
  /** Users that must never be excepted; undefined = every user matters. */
  readonly audited: ReadonlySet<string> | undefined;
}

const outcomes = (success: boolean, failure: boolean): string =>
  success && failure ? "successes and failures" : success ? "successes only" : failure ? "failures only" : "nothing";

export function judgePolicy(rule: PolicyRule, all: readonly PolicyRow[]): F {
  const { policy } = rule;
  const base = { aspect: "required_policies" as const, subject: policy };
  const rows = all.filter((r) => r.POLICY_NAME === policy);
  if (rows.length === 0) return { ...base, status: "fail", messageId: "policyMissing", data: { policy } };
  const allUsers = rows.filter((r) => r.ENABLED_OPTION === "BY USER" && r.ENTITY_NAME === "ALL USERS");
  const excepts = rows.filter((r) => r.ENABLED_OPTION === "EXCEPT USER");
  const covering = allUsers.length > 0 ? allUsers : excepts;
  if (covering.length === 0) {
    const scope = rows
      .map((r) =>
        r.ENABLED_OPTION === "BY GRANTED ROLE" ? `for role ${r.ENTITY_NAME ?? "?"}` : `by ${r.ENTITY_NAME ?? "?"}`,
      )
      .join(", ");
    return { ...base, status: "fail", messageId: "policyNotAllUsers", data: { policy, scope } };
  }
  const success = covering.every((r) => r.SUCCESS === "YES");
  const failure = covering.every((r) => r.FAILURE === "YES");
  if (!failure || (!rule.failureOnly && !success))
    return {
      ...base,
      status: "fail",
      messageId: "policyOutcomes",
      data: {
        policy,
        records: outcomes(success, failure),
        required: rule.failureOnly ? "failures" : "successes and failures",
      },
    };
  const excepted = allUsers.length > 0 ? [] : excepts.map((r) => r.ENTITY_NAME ?? "?");
  const matter = excepted.filter((u) => rule.audited === undefined || rule.audited.has(u));
  if (matter.length > 0)
    return { ...base, status: "fail", messageId: "policyExceptsAudited", data: { policy, users: matter.join(", ") } };
  return {
    ...base,
    status: "pass",
    messageId: "policyEnabled",
    data: {
      policy,
      outcomes: outcomes(success, failure),
      except: excepted.length > 0 ? ` except ${excepted.join(", ")} (not declared as audited users)` : "",
    },
  };
}
