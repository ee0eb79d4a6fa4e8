/** @module Aspects, messages and the judgement of `api_behaviour`'s observations. */
import type { ProbeFinding } from "../define.js";
import type { RateLimitObservation, RateLimitSpec } from "./rate-limit.js";
import type { CorsObservation, ErrorObservation } from "./surface.js";
import type { Variant } from "./tokens.js";

export const MESSAGES = {
  rejected: "{{variant}}: {{url}} answered {{status}} (rejected)",
  accepted: "{{variant}}: {{url}} answered {{status}}: the token was accepted",
  unclear: "{{variant}}: {{url}} answered {{status}}, neither a rejection (401/403) nor a success",
  notTested: "{{variant}} not tested: {{reason}}",
  validAccepted: "A valid token is accepted at {{url}} ({{status}})",
  validRefused: "A valid token is refused at {{url}} ({{status}}), so the rejections prove little",
  validMissing: "No valid token to confirm {{url}} works with one: {{reason}}",
  rateLimited:
    "429 after {{at}} request(s) in {{ms}} ms at {{url}} (declared {{limit}} per {{window}} s), with {{headers}}",
  rateNoHints: "429 after {{at}} request(s) at {{url}}, but without Retry-After or RateLimit headers",
  rateUnlimited: "{{sent}} requests in {{ms}} ms at {{url}} and no 429 (declared {{limit}} per {{window}} s)",
  rateInconclusive: "{{sent}} requests took {{ms}} ms, longer than the declared {{window}} s window: cannot decide",
  rateTooCostly: "The burst needs {{needed}} requests but only {{remaining}} remain under the cap",
  rateNotDeclared: "No rate limit is declared for this API (attribute api.rate_limit)",
  corsStrict: "An unknown origin is not trusted (Access-Control-Allow-Origin: {{acao}})",
  corsWildcard: "Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true",
  corsReflected: "The unknown origin {{origin}} is reflected in Access-Control-Allow-Origin{{credentials}}",
  traceDisabled: "TRACE answered {{status}}",
  traceEnabled: "TRACE is served ({{status}}) at {{url}}",
  errorsClean: "Error responses ({{probes}}) carry no stack trace or framework banner",
  errorsLeak: "The {{probe}} response ({{status}}) discloses {{leaks}}",
} as const;

export const ASPECTS = {
  auth_no_token: "The protected URL answers 401/403 without a token",
  auth_expired: "…and with an expired token",
  auth_unknown_key: "…and with a token signed by a key the issuer does not publish",
  auth_alg_none: "…and with an unsigned (alg: none) token",
  auth_key_confusion: "…and with an HS256 token keyed with the issuer's public key",
  auth_wrong_audience: "…and with a token issued for another audience",
  auth_valid_token: "A valid token (client credentials) is accepted (2xx)",
  rate_limit: "A burst of at most the declared limit plus a margin meets a 429 with retry information",
  cors: "No wildcard origin with credentials, and an unknown origin is not reflected",
  trace: "TRACE is not served",
  error_disclosure: "Error responses carry no stack traces, framework error pages or version banners",
} as const;

export type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

const LABEL: Readonly<Record<Variant, string>> = {
  no_token: "No token",
  expired: "Expired token",
  unknown_key: "Token signed by an unknown key",
  alg_none: "Unsigned token (alg: none)",
  key_confusion: "HS256 token keyed with the issuer's public key",
  wrong_audience: "Token for another audience",
  valid: "Valid token",
};

export function authFindings(
  results: readonly { variant: Variant; status: number | null; reason?: string }[],
  url: string,
): F[] {
  return results.map(({ variant, status, reason }): F => {
    const aspect = variant === "valid" ? "auth_valid_token" : (`auth_${variant}` as const);
    const data = { variant: LABEL[variant], url, status: status ?? 0, reason: reason ?? "" };
    if (status === null)
      return variant === "valid"
        ? { aspect, status: "error", messageId: "validMissing", data }
        : { aspect, status: "not_applicable", messageId: "notTested", data };
    if (variant === "valid") {
      if (status >= 200 && status < 300) return { aspect, status: "pass", messageId: "validAccepted", data };
      if (status === 401 || status === 403) return { aspect, status: "fail", messageId: "validRefused", data };
      return { aspect, status: "error", messageId: "unclear", data };
    }
    if (status === 401 || status === 403) return { aspect, status: "pass", messageId: "rejected", data };
    if (status >= 200 && status < 300) return { aspect, status: "fail", messageId: "accepted", data };
    return { aspect, status: "error", messageId: "unclear", data };
  });
}

export function surfaceFindings(
  cors: CorsObservation,
  trace: number,
  errors: readonly ErrorObservation[],
  url: string,
): F[] {
  const out: F[] = [];
  if (cors.verdict === "wildcard_with_credentials")
    out.push({ aspect: "cors", status: "fail", messageId: "corsWildcard" });
  else if (cors.verdict === "reflected")
    out.push({
      aspect: "cors",
      status: "fail",
      messageId: "corsReflected",
      data: { origin: cors.allowOrigin ?? "", credentials: cors.allowCredentials ? " with credentials allowed" : "" },
    });
  else
    out.push({ aspect: "cors", status: "pass", messageId: "corsStrict", data: { acao: cors.allowOrigin ?? "(none)" } });
  out.push(
    trace >= 200 && trace < 300
      ? { aspect: "trace", status: "fail", messageId: "traceEnabled", data: { status: trace, url } }
      : { aspect: "trace", status: "pass", messageId: "traceDisabled", data: { status: trace } },
  );
  const leaking = errors.filter((e) => e.leaks.length > 0);
  for (const e of leaking)
    out.push({
      aspect: "error_disclosure",
      status: "fail",
      messageId: "errorsLeak",
      subject: e.probe,
      data: { probe: e.probe, status: e.status, leaks: e.leaks.join(", ") },
    });
  if (leaking.length === 0)
    out.push({
      aspect: "error_disclosure",
      status: "pass",
      messageId: "errorsClean",
      data: { probes: errors.map((e) => `${e.probe} → ${e.status}`).join(", ") },
    });
  return out;
}

export function rateFinding(o: RateLimitObservation | null, spec: RateLimitSpec | undefined, url: string): F {
  if (!o || !spec) return { aspect: "rate_limit", status: "not_applicable", messageId: "rateNotDeclared" };
  const d = { url, limit: spec.limit, window: spec.window_seconds };
  switch (o.kind) {
    case "too_costly":
      return {
        aspect: "rate_limit",
        status: "error",
        messageId: "rateTooCostly",
        data: { needed: o.needed, remaining: o.remaining },
      };
    case "limited":
      return o.headers.length > 0
        ? {
            aspect: "rate_limit",
            status: "pass",
            messageId: "rateLimited",
            data: { ...d, at: o.at, ms: o.elapsedMs, headers: o.headers.join(", ") },
          }
        : { aspect: "rate_limit", status: "fail", messageId: "rateNoHints", data: { ...d, at: o.at } };
    case "unlimited":
      return o.inWindow
        ? {
            aspect: "rate_limit",
            status: "fail",
            messageId: "rateUnlimited",
            data: { ...d, sent: o.sent, ms: o.elapsedMs },
          }
        : {
            aspect: "rate_limit",
            status: "error",
            messageId: "rateInconclusive",
            data: { ...d, sent: o.sent, ms: o.elapsedMs },
          };
  }
}
