/**
 * @module Probe `jwt_policy`: sample JWTs (from secret references or a real client-credentials
 * request) against the token policy — algorithm allowlist, lifetime, `aud`/`iss`, and HS* tokens
 * tried against a list of weak secrets. Facts hold header `alg`/`typ`, claim names, lifetime and a
 * fingerprint per token: never a token, a signature or a secret.
 */
import type { JWTPayload } from "jose";
import type { JsonObject } from "../../model/json.js";
import { Type } from "@sinclair/typebox";
import { defineProbe, type ParamsOf, type ProbeFinding } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { collectTokens, fingerprint, weakSecretMatch } from "./tokens.js";
import { isAsymmetric, issuerVerifier, type Verifier } from "./verify.js";
import { WEAK_HMAC_SECRETS } from "./weak-secrets.js";

const params = paramsObject({
  allowed_algorithms: withDefault(Frag.names(), ["RS256", "PS256", "ES256", "EdDSA"]),
  max_lifetime_minutes: withDefault(Frag.positive(), 60),
  expected_audience: Type.Optional(
    Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 })]),
  ),
  /** Expected `iss`; the target's issuer (its `issuer` or URL) when absent. */
  expected_issuer: Type.Optional(Type.String({ minLength: 1 })),
});

export type JwtParams = ParamsOf<typeof params>;

const MESSAGES = {
  notJwt: "{{token}} is not a decodable JWT",
  algOk: "{{token}} is signed with {{alg}}",
  algBad: "{{token}} uses {{alg}}, not in the allowlist {{allowed}}",
  lifetimeOk: "{{token}} lives {{minutes}} min (max {{max}})",
  lifetimeLong: "{{token}} lives {{minutes}} min, above the maximum {{max}}",
  lifetimeUnknown: "{{token}} lacks {{missing}}, so its lifetime is unbounded or unknown",
  audOk: "{{token}} has aud {{aud}}",
  audMissing: "{{token}} has no aud claim",
  audUnexpected: "{{token}} has aud {{aud}}, expected {{expected}}",
  issOk: "{{token}} has the expected iss",
  issMissing: "{{token}} has no iss claim",
  issUnexpected: "{{token}} has iss {{iss}}, expected {{expected}}",
  hmacNotWeak: "{{token}} ({{alg}}) does not verify with any of {{count}} known weak secrets",
  hmacWeak: "{{token}} ({{alg}}) verifies with a well-known weak secret: anyone can forge tokens",
  notHmac: "{{token}} is not HMAC-signed",
  sigOk: "{{token}} verifies with the issuer's published key {{kid}}",
  sigBad: "{{token}} does not verify with the issuer's published keys ({{reason}})",
  sigUnsigned: "{{token}} is unsigned (alg none)",
  sigNoKeys: "The issuer's keys cannot be read to verify {{token}}: {{reason}}",
  sigSymmetric: "{{token}} ({{alg}}) uses a shared secret; only the weak-secret test applies",
} as const;

const ASPECTS = {
  algorithm: "The token's alg is in the allowlist (never none)",
  lifetime: "exp − iat is at most the maximum lifetime",
  audience: "aud is present (and expected, when configured)",
  issuer: "iss is present and equals the expected issuer",
  hmac_secret: "HMAC-signed tokens do not verify with a known weak secret",
  signature: "Public-key-signed tokens verify with a key the issuer publishes (discovery → JWKS)",
} as const;

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

function judgeToken(label: string, token: string, claims: JWTPayload, alg: string, p: JwtParams, issuer: string): F[] {
  const allowed = p.allowed_algorithms;
  const max = p.max_lifetime_minutes;
  const d = { token: label };
  const out: F[] = [];
  out.push(
    allowed.includes(alg) && alg !== "none"
      ? { aspect: "algorithm", status: "pass", messageId: "algOk", subject: label, data: { ...d, alg } }
      : {
          aspect: "algorithm",
          status: "fail",
          messageId: "algBad",
          subject: label,
          data: { ...d, alg, allowed: allowed.join(", ") },
        },
  );
  const missing = [claims.exp === undefined ? "exp" : "", claims.iat === undefined ? "iat" : ""]
    .filter(Boolean)
    .join(" and ");
  if (claims.exp === undefined || claims.iat === undefined)
    out.push({
      aspect: "lifetime",
      status: "fail",
      messageId: "lifetimeUnknown",
      subject: label,
      data: { ...d, missing },
    });
  else {
    const minutes = Math.round(((claims.exp - claims.iat) / 60) * 10) / 10;
    out.push({
      aspect: "lifetime",
      status: minutes <= max ? "pass" : "fail",
      messageId: minutes <= max ? "lifetimeOk" : "lifetimeLong",
      subject: label,
      data: { ...d, minutes, max },
    });
  }
  const aud = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const expected =
    p.expected_audience === undefined
      ? []
      : typeof p.expected_audience === "string"
        ? [p.expected_audience]
        : [...p.expected_audience];
  if (aud.length === 0)
    out.push({ aspect: "audience", status: "fail", messageId: "audMissing", subject: label, data: d });
  else if (expected.length > 0 && !aud.some((a) => expected.includes(a)))
    out.push({
      aspect: "audience",
      status: "fail",
      messageId: "audUnexpected",
      subject: label,
      data: { ...d, aud: aud.join(", "), expected: expected.join(", ") },
    });
  else
    out.push({
      aspect: "audience",
      status: "pass",
      messageId: "audOk",
      subject: label,
      data: { ...d, aud: aud.join(", ") },
    });
  const want = (p.expected_issuer ?? issuer).replace(/\/$/, "");
  if (claims.iss === undefined)
    out.push({ aspect: "issuer", status: "fail", messageId: "issMissing", subject: label, data: d });
  else if (claims.iss.replace(/\/$/, "") !== want)
    out.push({
      aspect: "issuer",
      status: "fail",
      messageId: "issUnexpected",
      subject: label,
      data: { ...d, iss: claims.iss, expected: want },
    });
  else out.push({ aspect: "issuer", status: "pass", messageId: "issOk", subject: label, data: d });
  if (/^HS(256|384|512)$/.test(alg)) {
    const hit = weakSecretMatch(token, alg) >= 0;
    out.push({
      aspect: "hmac_secret",
      status: hit ? "fail" : "pass",
      messageId: hit ? "hmacWeak" : "hmacNotWeak",
      subject: label,
      data: { ...d, alg, count: WEAK_HMAC_SECRETS.length },
    });
  } else out.push({ aspect: "hmac_secret", status: "not_applicable", messageId: "notHmac", subject: label, data: d });
  return out;
}

async function signatureFinding(
  label: string,
  token: string,
  alg: string,
  keys: () => Promise<Verifier | string>,
): Promise<F> {
  const d = { token: label };
  if (alg === "none") return { aspect: "signature", status: "fail", messageId: "sigUnsigned", subject: label, data: d };
  if (!isAsymmetric(alg))
    return {
      aspect: "signature",
      status: "not_applicable",
      messageId: "sigSymmetric",
      subject: label,
      data: { ...d, alg },
    };
  const verify = await keys();
  if (typeof verify === "string")
    return {
      aspect: "signature",
      status: "error",
      messageId: "sigNoKeys",
      subject: label,
      data: { ...d, reason: verify },
    };
  const r = await verify(token);
  return r.ok
    ? { aspect: "signature", status: "pass", messageId: "sigOk", subject: label, data: { ...d, kid: r.kid } }
    : { aspect: "signature", status: "fail", messageId: "sigBad", subject: label, data: { ...d, reason: r.reason } };
}

export default defineProbe({
  meta: {
    id: "jwt_policy",
    version: "1.0.0",
    title: "JWT token policy",
    description:
      "Decodes sample tokens (secret references in the target, or one client-credentials token request) and judges algorithm, lifetime, audience, issuer, signature against the issuer's JWKS, and HMAC secret strength.",
    targetTypes: ["endpoint"],
    params,
    privileges: [
      "sample tokens, or a client allowed the client_credentials grant (no user data); anonymous GET of the issuer's discovery document and JWKS",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run({ params: p, target: { handle: h }, signal }) {
    const tokens = await collectTokens(h, signal);
    const { decodeJwt, decodeProtectedHeader } = await import("jose"); // loaded only when a probe runs
    if (tokens.length === 0)
      throw new Error("the target provides no sample tokens (connection.tokens) and no client_credentials");
    const findings: F[] = [];
    const observed: JsonObject[] = [];
    let verifier: Promise<Verifier | string> | undefined;
    for (const { token, source } of tokens) {
      const label = `${source} (${fingerprint(token)})`;
      let alg: string;
      let typ: string | null;
      let claims: JWTPayload;
      try {
        const header = decodeProtectedHeader(token);
        alg = header.alg ?? "none";
        typ = header.typ ?? null;
        claims = decodeJwt(token);
      } catch {
        findings.push({
          aspect: "algorithm",
          status: "error",
          messageId: "notJwt",
          subject: label,
          data: { token: label },
        });
        observed.push({ source, fingerprint: fingerprint(token), decodable: false });
        continue;
      }
      findings.push(...judgeToken(label, token, claims, alg, p, h.issuer));
      findings.push(await signatureFinding(label, token, alg, () => (verifier ??= issuerVerifier(h, signal))));
      observed.push({
        source,
        fingerprint: fingerprint(token),
        alg,
        typ,
        claimNames: Object.keys(claims).sort(),
        lifetimeSeconds: claims.exp !== undefined && claims.iat !== undefined ? claims.exp - claims.iat : null,
        iss: typeof claims.iss === "string" ? claims.iss : null,
        aud: claims.aud === undefined ? null : Array.isArray(claims.aud) ? claims.aud : [claims.aud],
      });
    }
    return { facts: { tokens: observed }, findings };
  },
});
