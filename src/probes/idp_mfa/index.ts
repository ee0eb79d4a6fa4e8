/**
 * @module Probe `idp_mfa`: MFA coverage and identity policy from identity-provider data in a file —
 * a Keycloak realm export, or a generic CSV/JSON user export read through a column mapping.
 * Facts list non-compliant accounts by username/id only; no credential data is ever read out.
 */
import type { JsonObject } from "../../model/json.js";
import { type Static, Type } from "@sinclair/typebox";
import { defineProbe } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { parseGeneric } from "./generic.js";
import { coverage, judge, type Thresholds } from "./judge.js";
import { parseKeycloak } from "./keycloak.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import type { IdpData } from "./model.js";

const KEYCLOAK_ADMIN_ROLES: string[] = [
  "admin",
  "realm-admin",
  "manage-realm",
  "manage-users",
  "manage-clients",
  "manage-authorization",
  "create-client",
  "impersonation",
];

const params = paramsObject({
  format: Type.Optional(
    Type.Union([Type.Literal("keycloak"), Type.Literal("csv"), Type.Literal("json")], {
      description: "Overrides the target's format hint and the file extension.",
    }),
  ),
  mapping: Type.Optional(
    Type.Object(
      {
        id: Type.String(),
        username: Type.Optional(Type.String()),
        mfa: Type.String(),
        roles: Type.Optional(Type.String()),
        enabled: Type.Optional(Type.String()),
        service: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
  ),
  roles_separator: withDefault(Type.String({ minLength: 1 }), ";|,"),
  privileged_roles: withDefault(Frag.names(), KEYCLOAK_ADMIN_ROLES),
  mfa_factors: withDefault(Frag.names(), ["otp", "totp", "webauthn", "webauthn-passwordless", "mfa", "sms", "push"]),
  phishing_resistant_factors: withDefault(Frag.names(), ["webauthn", "webauthn-passwordless", "fido2"]),
  mfa_privileged_min_pct: withDefault(Frag.percent(), 100),
  mfa_all_users_min_pct: withDefault(Frag.percent(), 100),
  phishing_resistant_admins: withDefault(Type.Boolean(), false),
  admin_count_min: Type.Optional(Frag.count()),
  admin_count_max: Type.Optional(Frag.count()),
  lockout_max_failures: withDefault(Frag.count(1), 10),
  /** Shortest acceptable temporary lockout, in minutes (PCI DSS 4.0 8.3.4: 30); not judged when absent. */
  lockout_min_minutes: Type.Optional(Frag.positive()),
  session_idle_max_minutes: withDefault(Frag.positive(), 30),
  session_max_hours: withDefault(Frag.positive(), 12),
  access_token_max_minutes: withDefault(Frag.positive(), 60),
  password_min_length: withDefault(Frag.count(1), 8),
  password_max_age_days: Type.Optional(Frag.optionalLimit()),
});

export type IdpParams = Static<typeof params>;

function detectFormat(declared: string | undefined, path: string, text: string): "keycloak" | "csv" | "json" {
  const f = declared?.toLowerCase();
  if (f === "keycloak" || f === "csv" || f === "json") return f;
  if (path.toLowerCase().endsWith(".csv")) return "csv";
  // A JSON file with a top-level "realm" key is a Keycloak export.
  return /^\s*\{[\s\S]{0,4000}"realm"\s*:/.test(text) ? "keycloak" : "json";
}

export default defineProbe({
  meta: {
    id: "idp_mfa",
    version: "1.1.0",
    title: "Identity provider MFA and policy",
    description:
      "Reads an identity-provider export (Keycloak realm export, or CSV/JSON users with a column mapping): MFA coverage of privileged and all accounts, admin count, lockout, session and token lifetimes, password policy.",
    targetTypes: ["file"],
    params,
    privileges: [
      "read access to the export file (produce it with `kc.sh export --users realm_file`, or an admin-console partial export with users)",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run({ params: p, target: { handle: h }, signal }) {
    const text = await h.readText(signal);
    const format = p.format ?? detectFormat(h.format, h.path, text);
    const factors = p.mfa_factors;
    let data: IdpData;
    if (format === "keycloak") data = parseKeycloak(text, h.path, factors);
    else {
      if (!p.mapping)
        throw new Error(`a ${format.toUpperCase()} user export needs params.mapping (at least id and mfa columns)`);
      data = parseGeneric(text, format, h.path, p.mapping, p.roles_separator);
    }
    const t: Thresholds = {
      privilegedRoles: p.privileged_roles,
      phishingResistant: p.phishing_resistant_factors,
      mfaPrivilegedMinPct: p.mfa_privileged_min_pct,
      mfaAllMinPct: p.mfa_all_users_min_pct,
      requirePhishingResistantAdmins: p.phishing_resistant_admins,
      adminCountMin: p.admin_count_min,
      adminCountMax: p.admin_count_max,
      lockoutMaxFailures: p.lockout_max_failures,
      lockoutMinMinutes: p.lockout_min_minutes,
      sessionIdleMaxMinutes: p.session_idle_max_minutes,
      sessionMaxHours: p.session_max_hours,
      accessTokenMaxMinutes: p.access_token_max_minutes,
      passwordMinLength: p.password_min_length,
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
      clients: data.clients.map((k) => ({
        clientId: k.clientId,
        publicClient: k.publicClient,
        codeFlow: k.codeFlow,
        accessTokenLifespanSeconds: k.accessTokenLifespanSeconds,
        pkceMethod: k.pkceMethod,
      })),
      policy: policy
        ? {
            bruteForceProtected: policy.bruteForceProtected,
            failureFactor: policy.failureFactor,
            permanentLockout: policy.permanentLockout,
            lockoutWaitSeconds: policy.lockoutWaitSeconds,
            lockoutMaxWaitSeconds: policy.lockoutMaxWaitSeconds,
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
