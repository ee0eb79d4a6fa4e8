/**
 * @module `app_config`: an application's security configuration file (YAML, JSON or .env), as a
 * data platform keeps it: JWT algorithm and expiry, encryption algorithm, audit retention, API rate
 * limit, and secrets. Thresholds come from params; a secret's value never leaves the probe.
 */
import type { JsonValue } from "../../model/json.js";
import { type Static, type TOptional, Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding } from "../define.js";
import { Frag, paramsObject } from "../params.js";
import { type Flat, formatOf, lookup, parseConfig } from "./parse.js";
import { assessSecret } from "./secrets.js";
import { SETTINGS, minutes, days, type Setting } from "./settings.js";

const params = paramsObject({
  allowed_jwt_algorithms: Type.Optional(Frag.names()),
  max_jwt_expiry_minutes: Type.Optional(Frag.positive()),
  allowed_encryption_algorithms: Type.Optional(Frag.names()),
  audit_retention_min_days: Type.Optional(Frag.count()),
  audit_retention_max_days: Type.Optional(Frag.optionalLimit()),
  require_rate_limit: Type.Optional(Type.Boolean()),
  secret_min_length: Type.Optional(Frag.count(1)),
  /** Regular expression (case-insensitive) matching the keys that hold secrets. */
  secret_key_pattern: Type.Optional(Type.String({ minLength: 1 })),
  /** Extra key names per setting, tried before the built-in names. */
  keys: Type.Optional(
    paramsObject(
      Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, Type.Optional(Frag.names())])) as Record<
        Setting,
        TOptional<ReturnType<typeof Frag.names>>
      >,
    ),
  ),
});

export type AppConfigParams = Static<typeof params>;

const aspects = {
  jwt_algorithm: "JWT signing algorithm is on the allowlist",
  jwt_expiry: "JWT lifetime within the maximum",
  encryption_algorithm: "Data encryption algorithm is on the allowlist",
  audit_retention: "Audit-log retention within the [min, max] range",
  rate_limit: "An API rate limit is configured",
  secrets: "Secrets are long, not a known default or weak value, or held outside the file",
} as const;

const messages = {
  settingMissing: "{{setting}} is not set in the configuration (looked for {{names}})",
  settingUnreadable: "{{key}} has a value that cannot be read as {{expected}}",
  jwtAlgorithmOk: "JWT algorithm {{value}} is allowed",
  jwtAlgorithmBad: "JWT algorithm {{value}} is not in the allowlist ({{allowed}})",
  jwtExpiryOk: "JWT expiry {{minutes}} min is within the maximum of {{max}} min",
  jwtExpiryLong: "JWT expiry {{minutes}} min exceeds the maximum of {{max}} min",
  encryptionOk: "Encryption algorithm {{value}} is allowed",
  encryptionBad: "Encryption algorithm {{value}} is not in the allowlist ({{allowed}})",
  retentionOk: "Audit retention {{days}} days is within [{{min}}, {{max}}]",
  retentionShort: "Audit retention {{days}} days is below the minimum of {{min}} days",
  retentionLong: "Audit retention {{days}} days exceeds the maximum of {{max}} days (storage limitation)",
  rateLimitOk: "API rate limit is set ({{value}})",
  rateLimitOff: "API rate limit is disabled or zero ({{key}})",
  secretOk: "{{key}} is {{length}} characters and not a known weak value",
  secretReference: "{{key}} is a reference to a secret store, not a value in the file",
  secretWeak: "{{key}} is a known default or weak value",
  secretShort: "{{key}} is only {{length}} characters (minimum {{min}})",
  noSecrets: "No keys matching the secret pattern were found",
} as const;

type MessageId = keyof typeof messages;
type Aspect = keyof typeof aspects;
type F = ProbeFinding<MessageId, Aspect>;

const probe = defineProbe({
  meta: {
    id: "app_config",
    version: "1.0.0",
    title: "Application security configuration",
    description:
      "Reads an application's configuration file (YAML, JSON or .env) and checks its JWT algorithm and expiry, encryption algorithm, audit-log retention, API rate limit and the strength of secrets kept in it.",
    targetTypes: ["file"],
    params,
    privileges: ["read access to the configuration file"],
    aspects,
    messages,
  },

  async run({ params, target, signal }) {
    const { handle } = target;
    const flat = parseConfig(await handle.readText(signal), formatOf(handle.path, handle.format));
    const facts: Record<string, JsonValue> = { file: handle.path, settings_read: flat.size };
    const findings: F[] = [];
    const find = (s: Setting) => lookup(flat, [...(params.keys?.[s] ?? []), ...SETTINGS[s].names]);
    const missing = (s: Setting, aspect: Aspect) =>
      findings.push({
        aspect,
        status: "fail",
        messageId: "settingMissing",
        data: { setting: s, names: SETTINGS[s].names.join(", ") },
      });

    if (params.allowed_jwt_algorithms) {
      const hit = find("jwt_algorithm");
      if (!hit) missing("jwt_algorithm", "jwt_algorithm");
      else {
        const value = String(hit.value);
        facts["jwt_algorithm"] = value;
        const ok = params.allowed_jwt_algorithms.some((a) => a.toLowerCase() === value.toLowerCase());
        findings.push({
          aspect: "jwt_algorithm",
          status: ok ? "pass" : "fail",
          messageId: ok ? "jwtAlgorithmOk" : "jwtAlgorithmBad",
          subject: hit.key,
          data: { value, allowed: params.allowed_jwt_algorithms.join(", ") },
        });
      }
    }
    if (params.max_jwt_expiry_minutes !== undefined) {
      const hit = find("jwt_expiry");
      const max = params.max_jwt_expiry_minutes;
      if (!hit) missing("jwt_expiry", "jwt_expiry");
      else {
        const m = minutes(hit.key, hit.value);
        if (m === undefined)
          findings.push({
            aspect: "jwt_expiry",
            status: "error",
            messageId: "settingUnreadable",
            subject: hit.key,
            data: { key: hit.key, expected: "a duration" },
          });
        else {
          facts["jwt_expiry_minutes"] = m;
          findings.push({
            aspect: "jwt_expiry",
            status: m <= max ? "pass" : "fail",
            messageId: m <= max ? "jwtExpiryOk" : "jwtExpiryLong",
            subject: hit.key,
            data: { minutes: m, max },
          });
        }
      }
    }
    if (params.allowed_encryption_algorithms) {
      const hit = find("encryption_algorithm");
      if (!hit) missing("encryption_algorithm", "encryption_algorithm");
      else {
        const value = String(hit.value);
        facts["encryption_algorithm"] = value;
        const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
        const ok = params.allowed_encryption_algorithms.some((a) => norm(a) === norm(value));
        findings.push({
          aspect: "encryption_algorithm",
          status: ok ? "pass" : "fail",
          messageId: ok ? "encryptionOk" : "encryptionBad",
          subject: hit.key,
          data: { value, allowed: params.allowed_encryption_algorithms.join(", ") },
        });
      }
    }
    if (params.audit_retention_min_days !== undefined || params.audit_retention_max_days != null) {
      findings.push(...retention(find("audit_retention"), params, facts));
    }
    if (params.require_rate_limit) findings.push(rateLimit(find("rate_limit"), facts));
    if (params.secret_min_length !== undefined)
      findings.push(...secrets(flat, params, params.secret_min_length, facts));
    return { facts, findings };
  },
});

function retention(hit: ReturnType<typeof lookup>, params: AppConfigParams, facts: Record<string, JsonValue>): F[] {
  if (!hit)
    return [
      {
        aspect: "audit_retention",
        status: "fail",
        messageId: "settingMissing",
        data: { setting: "audit_retention", names: SETTINGS.audit_retention.names.join(", ") },
      },
    ];
  const d = days(hit.key, hit.value);
  if (d === undefined)
    return [
      {
        aspect: "audit_retention",
        status: "error",
        messageId: "settingUnreadable",
        subject: hit.key,
        data: { key: hit.key, expected: "a number of days" },
      },
    ];
  facts["audit_retention_days"] = d;
  const min = params.audit_retention_min_days ?? 0;
  const max = params.audit_retention_max_days ?? null;
  const data = { days: d, min, max: max ?? "∞" };
  if (d < min)
    return [{ aspect: "audit_retention", status: "fail", messageId: "retentionShort", subject: hit.key, data }];
  if (max !== null && d > max)
    return [{ aspect: "audit_retention", status: "fail", messageId: "retentionLong", subject: hit.key, data }];
  return [{ aspect: "audit_retention", status: "pass", messageId: "retentionOk", subject: hit.key, data }];
}

function rateLimit(hit: ReturnType<typeof lookup>, facts: Record<string, JsonValue>): F {
  if (!hit)
    return {
      aspect: "rate_limit",
      status: "fail",
      messageId: "settingMissing",
      data: { setting: "rate_limit", names: SETTINGS.rate_limit.names.join(", ") },
    };
  const v = hit.value;
  const off =
    v === null || v === false || v === 0 || (typeof v === "string" && /^(0|off|false|none|disabled|)$/i.test(v.trim()));
  facts["rate_limit"] =
    typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : JSON.stringify(v);
  return off
    ? { aspect: "rate_limit", status: "fail", messageId: "rateLimitOff", subject: hit.key, data: { key: hit.key } }
    : {
        aspect: "rate_limit",
        status: "pass",
        messageId: "rateLimitOk",
        subject: hit.key,
        data: { value: typeof v === "string" ? v : JSON.stringify(v) },
      };
}

function secrets(flat: Flat, params: AppConfigParams, min: number, facts: Record<string, JsonValue>): F[] {
  const pattern = new RegExp(
    params.secret_key_pattern ??
      "(secret|password|passwd|api_?key|private_?key|signing_?key|encryption_?key|token|credential)s?$",
    "i",
  );
  const out: F[] = [];
  const seen: JsonValue[] = [];
  for (const [key, value] of flat) {
    if (!pattern.test(key) || typeof value !== "string") continue;
    const a = assessSecret(value);
    seen.push({ key, length: a.length, character_classes: a.classes, weak: a.weak, reference: a.reference });
    if (a.reference)
      out.push({ aspect: "secrets", status: "pass", messageId: "secretReference", subject: key, data: { key } });
    else if (a.weak)
      out.push({ aspect: "secrets", status: "fail", messageId: "secretWeak", subject: key, data: { key } });
    else if (a.length < min)
      out.push({
        aspect: "secrets",
        status: "fail",
        messageId: "secretShort",
        subject: key,
        data: { key, length: a.length, min },
      });
    else
      out.push({
        aspect: "secrets",
        status: "pass",
        messageId: "secretOk",
        subject: key,
        data: { key, length: a.length },
      });
  }
  facts["secrets"] = seen;
  if (out.length === 0) out.push({ aspect: "secrets", status: "not_applicable", messageId: "noSecrets" });
  return out;
}

export default probe;
