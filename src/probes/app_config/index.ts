/**
 * @module `app_config`: an application's security configuration file (YAML, JSON or .env), as a
 * data platform keeps it: JWT algorithm and expiry, encryption algorithm, audit retention, API rate
 * limit, and secrets. Thresholds come from params; a secret's value never leaves the probe.
 */
import type { JsonValue } from "../../model/json.js";
import { type Static, type TOptional, Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding, verdict } from "../define.js";
import { Frag, paramsObject } from "../params.js";
import { type Flat, formatOf, lookup, parseConfig, related } from "./parse.js";
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
  /** Alias map: your key names per setting (whole names or dotted paths), tried before the built-in names. */
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

/** What each setting's value must be read as, for the "cannot be read" message. */
const EXPECTED: Readonly<Record<Setting, string>> = {
  jwt_algorithm: "an algorithm name",
  jwt_expiry: 'a duration ("15", "15m", "900s", "PT15M")',
  encryption_algorithm: "an algorithm name",
  audit_retention: 'a number of days ("365", "365d", "P1Y")',
  rate_limit: "a limit",
};

const aspects = {
  jwt_algorithm: "JWT signing algorithm is on the allowlist",
  jwt_expiry: "JWT lifetime within the maximum",
  encryption_algorithm: "Data encryption algorithm is on the allowlist",
  audit_retention: "Audit-log retention within the [min, max] range",
  rate_limit: "An API rate limit is configured",
  secrets: "Secrets are long, not a known default or weak value, or held outside the file",
} as const;

const messages = {
  settingMissing:
    "{{setting}} is not set: no key names {{names}}{{related}}; map your key with params.keys.{{setting}}",
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
type Hit = { readonly key: string; readonly value: unknown };

const probe = defineProbe({
  meta: {
    id: "app_config",
    version: "1.1.0",
    title: "Application security configuration",
    description:
      "Reads an application's configuration file (YAML, JSON or .env) and checks its JWT algorithm and expiry, encryption algorithm, audit-log retention, API rate limit and the strength of secrets kept in it. Keys are recognised by whole name tokens (SECURITY_JWT_EXPIRY_MINUTES, security.audit.retain_logs_days), units by the key's unit word or the value (15m, 900s, PT15M).",
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
    /** Find a setting and judge it, or say which names were tried and which keys look related. */
    const judge = (setting: Setting, aspect: Aspect, decide: (hit: Hit, aspect: Aspect) => F | undefined): void => {
      const names = [...(params.keys?.[setting] ?? []), ...SETTINGS[setting].names];
      const hit = lookup(flat, names);
      if (!hit) {
        const near = related(flat, names);
        findings.push({
          aspect,
          status: "fail",
          messageId: "settingMissing",
          data: { setting, names: names.join(", "), related: near.length ? `; related keys: ${near.join(", ")}` : "" },
        });
        return;
      }
      facts[`${setting}_key`] = hit.key;
      const out = decide(hit, aspect);
      if (out === undefined)
        findings.push({
          aspect,
          status: "error",
          messageId: "settingUnreadable",
          subject: hit.key,
          data: { key: hit.key, expected: EXPECTED[setting] },
        });
      else findings.push(out);
    };

    const allowedJwt = params.allowed_jwt_algorithms;
    if (allowedJwt)
      judge("jwt_algorithm", "jwt_algorithm", ({ key, value }, aspect) => {
        const v = String(value);
        facts["jwt_algorithm"] = v;
        const ok = allowedJwt.some((a) => a.toLowerCase() === v.toLowerCase());
        const data = { value: v, allowed: allowedJwt.join(", ") };
        return verdict(aspect, ok, ["jwtAlgorithmOk", "jwtAlgorithmBad"], data, key);
      });
    const maxJwt = params.max_jwt_expiry_minutes;
    if (maxJwt !== undefined)
      judge("jwt_expiry", "jwt_expiry", ({ key, value }, aspect) => {
        const m = minutes(key, value);
        if (m === undefined) return undefined;
        facts["jwt_expiry_minutes"] = m;
        const ok = m <= maxJwt;
        const data = { minutes: m, max: maxJwt };
        return verdict(aspect, ok, ["jwtExpiryOk", "jwtExpiryLong"], data, key);
      });
    const allowedEnc = params.allowed_encryption_algorithms;
    if (allowedEnc)
      judge("encryption_algorithm", "encryption_algorithm", ({ key, value }, aspect) => {
        const v = String(value);
        facts["encryption_algorithm"] = v;
        const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
        const ok = allowedEnc.some((a) => norm(a) === norm(v));
        const data = { value: v, allowed: allowedEnc.join(", ") };
        return verdict(aspect, ok, ["encryptionOk", "encryptionBad"], data, key);
      });
    if (params.audit_retention_min_days !== undefined || params.audit_retention_max_days != null)
      judge("audit_retention", "audit_retention", (hit) => retention(hit, params, facts));
    if (params.require_rate_limit) judge("rate_limit", "rate_limit", (hit) => rateLimit(hit, facts));
    if (params.secret_min_length !== undefined)
      findings.push(...secrets(flat, params, params.secret_min_length, facts));
    return { facts, findings };
  },
});

function retention(hit: Hit, params: AppConfigParams, facts: Record<string, JsonValue>): F | undefined {
  const d = days(hit.key, hit.value);
  if (d === undefined) return undefined;
  facts["audit_retention_days"] = d;
  const min = params.audit_retention_min_days ?? 0;
  const max = params.audit_retention_max_days ?? null;
  const data = { days: d, min, max: max ?? "∞" };
  const messageId = d < min ? "retentionShort" : max !== null && d > max ? "retentionLong" : "retentionOk";
  return {
    aspect: "audit_retention",
    status: messageId === "retentionOk" ? "pass" : "fail",
    messageId,
    subject: hit.key,
    data,
  };
}

function rateLimit({ key, value: v }: Hit, facts: Record<string, JsonValue>): F {
  const off =
    v === null ||
    v === false ||
    v === 0 ||
    (typeof v === "string" && /^(0|off|false|no|none|disabled|)$/i.test(v.trim()));
  facts["rate_limit"] =
    typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : JSON.stringify(v);
  return off
    ? { aspect: "rate_limit", status: "fail", messageId: "rateLimitOff", subject: key, data: { key } }
    : {
        aspect: "rate_limit",
        status: "pass",
        messageId: "rateLimitOk",
        subject: key,
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
