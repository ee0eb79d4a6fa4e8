/**
 * @module Probe `idp_mfa`: MFA coverage and identity policy from identity-provider data in a file —
 * a Keycloak realm export, or a generic CSV/JSON user export read through a column mapping.
 * Facts list non-compliant accounts by username/id only; no credential data is ever read out.
 */
import type { JsonObject } from "../../model/json.js";
import { defineProbe } from "../define.js";
import { type ColumnMapping, parseGeneric } from "./generic.js";
import { coverage, judge, type Thresholds } from "./judge.js";
import { parseKeycloak } from "./keycloak.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import type { IdpData } from "./model.js";

export interface IdpParams {
  readonly format?: "keycloak" | "csv" | "json";
  readonly mapping?: ColumnMapping;
  readonly roles_separator?: string;
  readonly privileged_roles?: readonly string[];
  readonly mfa_factors?: readonly string[];
  readonly phishing_resistant_factors?: readonly string[];
  readonly mfa_privileged_min_pct?: number;
  readonly mfa_all_users_min_pct?: number;
  readonly phishing_resistant_admins?: boolean;
  readonly admin_count_min?: number;
  readonly admin_count_max?: number;
  readonly lockout_max_failures?: number;
  readonly session_idle_max_minutes?: number;
  readonly session_max_hours?: number;
  readonly access_token_max_minutes?: number;
  readonly password_min_length?: number;
  readonly password_max_age_days?: number | null;
}

const KEYCLOAK_ADMIN_ROLES = [
  "admin",
  "realm-admin",
  "manage-realm",
  "manage-users",
  "manage-clients",
  "manage-authorization",
  "create-client",
  "impersonation",
];
const pctSchema = { type: "number", minimum: 0, maximum: 100 };

function detectFormat(declared: string | undefined, path: string, text: string): "keycloak" | "csv" | "json" {
  const f = declared?.toLowerCase();
  if (f === "keycloak" || f === "csv" || f === "json") return f;
  if (path.toLowerCase().endsWith(".csv")) return "csv";
  // A JSON file with a top-level "realm" key is a Keycloak export.
  return /^\s*\{[\s\S]{0,4000}"realm"\s*:/.test(text) ? "keycloak" : "json";
}

export default defineProbe<IdpParams>()({
  meta: {
    id: "idp_mfa",
    version: "1.0.0",
    title: "Identity provider MFA and policy",
    description:
      "Reads an identity-provider export (Keycloak realm export, or CSV/JSON users with a column mapping): MFA coverage of privileged and all accounts, admin count, lockout, session and token lifetimes, password policy.",
    targetTypes: ["file"],
    params: {
      type: "object",
      additionalProperties: false,
      properties: {
        format: {
          enum: ["keycloak", "csv", "json"],
          description: "Overrides the target's format hint and the file extension.",
        },
        mapping: {
          type: "object",
          additionalProperties: false,
          required: ["id", "mfa"],
          properties: {
            id: { type: "string" },
            username: { type: "string" },
            mfa: { type: "string" },
            roles: { type: "string" },
            enabled: { type: "string" },
            service: { type: "string" },
          },
        },
        roles_separator: { type: "string", minLength: 1, default: ";|," },
        privileged_roles: { type: "array", minItems: 1, items: { type: "string" }, default: KEYCLOAK_ADMIN_ROLES },
        mfa_factors: { type: "array", minItems: 1, items: { type: "string" } },
        phishing_resistant_factors: { type: "array", minItems: 1, items: { type: "string" } },
        mfa_privileged_min_pct: { ...pctSchema, default: 100 },
        mfa_all_users_min_pct: { ...pctSchema, default: 100 },
        phishing_resistant_admins: { type: "boolean", default: false },
        admin_count_min: { type: "integer", minimum: 0 },
        admin_count_max: { type: "integer", minimum: 0 },
        lockout_max_failures: { type: "integer", minimum: 1, default: 10 },
        session_idle_max_minutes: { type: "number", exclusiveMinimum: 0, default: 30 },
        session_max_hours: { type: "number", exclusiveMinimum: 0, default: 12 },
        access_token_max_minutes: { type: "number", exclusiveMinimum: 0, default: 60 },
        password_min_length: { type: "integer", minimum: 1, default: 8 },
        password_max_age_days: { type: ["integer", "null"], minimum: 1 },
      },
    },
    privileges: [
      "read access to the export file (produce it with `kc.sh export --users realm_file`, or an admin-console partial export with users)",
    ],
    sideEffects: "none",
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run(ctx) {
    const h = ctx.target.handle;
    const p = ctx.params;
    const text = await h.readText(ctx.signal);
    const format = p.format ?? detectFormat(h.format, h.path, text);
    const factors = p.mfa_factors ?? ["otp", "totp", "webauthn", "webauthn-passwordless", "mfa", "sms", "push"];
    let data: IdpData;
    if (format === "keycloak") data = parseKeycloak(text, h.path, factors);
    else {
      if (!p.mapping)
        throw new Error(`a ${format.toUpperCase()} user export needs params.mapping (at least id and mfa columns)`);
      data = parseGeneric(text, format, h.path, p.mapping, p.roles_separator ?? ";|,");
    }
    const t: Thresholds = {
      privilegedRoles: p.privileged_roles ?? KEYCLOAK_ADMIN_ROLES,
      phishingResistant: p.phishing_resistant_factors ?? ["webauthn", "webauthn-passwordless", "fido2"],
      mfaPrivilegedMinPct: p.mfa_privileged_min_pct ?? 100,
      mfaAllMinPct: p.mfa_all_users_min_pct ?? 100,
      requirePhishingResistantAdmins: p.phishing_resistant_admins ?? false,
      adminCountMin: p.admin_count_min,
      adminCountMax: p.admin_count_max,
      lockoutMaxFailures: p.lockout_max_failures ?? 10,
      sessionIdleMaxMinutes: p.session_idle_max_minutes ?? 30,
      sessionMaxHours: p.session_max_hours ?? 12,
      accessTokenMaxMinutes: p.access_token_max_minutes ?? 60,
      passwordMinLength: p.password_min_length ?? 8,
      passwordMaxAgeDays: p.password_max_age_days ?? null,
    };
    const c = coverage(data, t);
    const ids = (list: typeof c.people) => list.map((a) => a.username || a.id);
    const policy = data.policy;
    const facts: JsonObject = {
      source: data.source,
      realm: data.realm,
      accounts: data.accounts.length,
      interactive: c.people.length,
      privileged: ids(c.privileged),
      privilegedWithoutMfa: ids(c.privilegedWithoutMfa),
      usersWithoutMfa: ids(c.usersWithoutMfa),
      pendingMfaEnrolment: ids(data.accounts.filter((a) => a.factorPending && a.factors.length === 0)),
      serviceAccounts: ids(c.service),
      disabled: ids(c.disabled),
      policy: policy
        ? {
            bruteForceProtected: policy.bruteForceProtected,
            failureFactor: policy.failureFactor,
            accessTokenLifespanSeconds: policy.accessTokenLifespanSeconds,
            ssoSessionIdleSeconds: policy.ssoSessionIdleSeconds,
            ssoSessionMaxSeconds: policy.ssoSessionMaxSeconds,
            passwordPolicy: policy.passwordPolicy ? { ...policy.passwordPolicy.raw } : null,
            browserFlowSecondFactor: policy.browserFlowSecondFactor,
          }
        : null,
    };
    return { facts, findings: judge(data, t) };
  },
});
