/**
 * @module Probe `oidc_provider`: the OpenID provider's discovery document and JWKS — issuer
 * consistency, ID-token signing algorithms, published key types and sizes, PKCE methods.
 */
import { errorMessage } from "../../errors.js";
import { createPublicKey } from "node:crypto";
import type { JSONWebKeySet, JWK } from "jose";
import type { JsonObject } from "../../model/json.js";
import { Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { fetchDiscovery, fetchJson, stringList } from "./fetch-json.js";

const params = paramsObject({
  require_pkce_s256: withDefault(Type.Boolean(), true),
  min_rsa_bits: Frag.minRsaBits(),
  min_ec_bits: Frag.minEcBits(),
});

const MESSAGES = {
  issuerOk: "Discovery issuer equals the configured issuer {{issuer}}",
  issuerMismatch: "Discovery says issuer {{found}}, configured {{expected}}",
  algsOk: "ID tokens signed with {{algs}}",
  algsWeak: "ID-token signing offers {{weak}}",
  algsMissing: "Discovery lacks id_token_signing_alg_values_supported",
  keysOk: "{{count}} signing key(s): {{keys}}",
  keyWeak: "Key {{kid}} is {{kty}} {{bits}}-bit, below {{min}}",
  keySymmetric: "JWKS publishes a symmetric (oct) key {{kid}}",
  keysNone: "JWKS has no signing key",
  pkceOk: "PKCE S256 offered, plain not offered",
  pkcePlain: "PKCE method plain is offered ({{methods}})",
  pkceMissing: "PKCE S256 not offered ({{methods}})",
  pkceNotRequired: "PKCE S256 not offered; not required by the profile",
} as const;

const ASPECTS = {
  issuer: "The discovery document's issuer equals the configured issuer",
  id_token_algorithms: "ID-token signing algorithms exclude none and HMAC (HS*)",
  jwks_keys: "Published signing keys are asymmetric and large enough",
  pkce: "PKCE with S256 is offered and plain is not",
} as const;

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

const CURVE_BITS: Readonly<Record<string, number>> = {
  "P-256": 256,
  "P-384": 384,
  "P-521": 521,
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  Ed25519: 256,
  Ed448: 448,
};

function keyFacts(jwk: JWK): { kid: string; kty: string; alg: string | null; bits: number } {
  const kid = jwk.kid ?? "(no kid)";
  const kty = jwk.kty ?? "unknown";
  if (kty === "oct") return { kid, kty, alg: jwk.alg ?? null, bits: 0 };
  const details = createPublicKey({ key: jwk as JsonObject, format: "jwk" }).asymmetricKeyDetails ?? {};
  const bits = details.modulusLength ?? CURVE_BITS[details.namedCurve ?? jwk.crv ?? ""] ?? 0;
  return { kid, kty, alg: jwk.alg ?? null, bits };
}

export default defineProbe({
  meta: {
    id: "oidc_provider",
    version: "1.0.0",
    title: "OpenID provider metadata",
    description:
      "Reads the OpenID provider's discovery document and JWKS (two GETs) and judges issuer, ID-token algorithms, key strength and PKCE.",
    targetTypes: ["endpoint"],
    params,
    privileges: ["anonymous GET of /.well-known/openid-configuration and the jwks_uri"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run({ params: p, target: { handle: h }, signal }) {
    const doc = await fetchDiscovery(h, signal);
    const findings: F[] = [];

    const found = typeof doc.issuer === "string" ? doc.issuer : "(missing)";
    findings.push(
      found.replace(/\/$/, "") === h.issuer
        ? { aspect: "issuer", status: "pass", messageId: "issuerOk", data: { issuer: found } }
        : { aspect: "issuer", status: "fail", messageId: "issuerMismatch", data: { found, expected: h.issuer } },
    );

    const algs = stringList(doc.id_token_signing_alg_values_supported);
    const weak = (algs ?? []).filter((a) => a === "none" || /^HS/i.test(a));
    if (!algs) findings.push({ aspect: "id_token_algorithms", status: "fail", messageId: "algsMissing" });
    else if (weak.length > 0)
      findings.push({
        aspect: "id_token_algorithms",
        status: "fail",
        messageId: "algsWeak",
        data: { weak: weak.join(", ") },
      });
    else
      findings.push({
        aspect: "id_token_algorithms",
        status: "pass",
        messageId: "algsOk",
        data: { algs: algs.join(", ") },
      });

    if (typeof doc.jwks_uri !== "string") throw new Error("discovery document has no jwks_uri");
    const jwksUrl = new URL(doc.jwks_uri);
    const jwks = await fetchJson(h, jwksUrl, "JWKS", signal);
    const { createLocalJWKSet } = await import("jose"); // loaded only when the probe runs
    try {
      createLocalJWKSet(jwks as JSONWebKeySet);
    } catch (err) {
      throw new Error(`JWKS at ${jwksUrl.href} is malformed: ${errorMessage(err)}`);
    }
    const signing = (jwks as JSONWebKeySet).keys.filter((k) => k.use !== "enc");
    let keys: ReturnType<typeof keyFacts>[];
    try {
      keys = signing.map(keyFacts);
    } catch (err) {
      throw new Error(`JWKS at ${jwksUrl.href} holds a key that cannot be read: ${errorMessage(err)}`);
    }
    for (const k of keys) {
      const min = k.kty === "RSA" ? p.min_rsa_bits : p.min_ec_bits;
      if (k.kty === "oct")
        findings.push({
          aspect: "jwks_keys",
          status: "fail",
          messageId: "keySymmetric",
          subject: k.kid,
          data: { kid: k.kid },
        });
      else if (k.bits < min)
        findings.push({
          aspect: "jwks_keys",
          status: "fail",
          messageId: "keyWeak",
          subject: k.kid,
          data: { kid: k.kid, kty: k.kty, bits: k.bits, min },
        });
    }
    if (keys.length === 0) findings.push({ aspect: "jwks_keys", status: "fail", messageId: "keysNone" });
    else if (!findings.some((f) => f.aspect === "jwks_keys")) {
      findings.push({
        aspect: "jwks_keys",
        status: "pass",
        messageId: "keysOk",
        data: { count: keys.length, keys: keys.map((k) => `${k.kid} ${k.kty} ${k.bits}`).join(", ") },
      });
    }

    const methods = stringList(doc.code_challenge_methods_supported) ?? [];
    const m = methods.join(", ") || "none advertised";
    if (methods.includes("plain"))
      findings.push({ aspect: "pkce", status: "fail", messageId: "pkcePlain", data: { methods: m } });
    else if (methods.includes("S256")) findings.push({ aspect: "pkce", status: "pass", messageId: "pkceOk" });
    else if (p.require_pkce_s256)
      findings.push({ aspect: "pkce", status: "fail", messageId: "pkceMissing", data: { methods: m } });
    else findings.push({ aspect: "pkce", status: "not_applicable", messageId: "pkceNotRequired" });

    const facts: JsonObject = {
      issuer: found,
      configuredIssuer: h.issuer,
      idTokenSigningAlgs: algs ?? null,
      codeChallengeMethods: methods,
      jwksUri: jwksUrl.href,
      keys: keys.map((k) => ({ ...k })),
      tokenEndpoint: typeof doc.token_endpoint === "string" ? doc.token_endpoint : null,
    };
    return { facts, findings };
  },
});
