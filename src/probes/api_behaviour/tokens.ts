/**
 * @module The tokens the authentication test sends. A valid one comes from the target's client
 * credentials (or a sample token that is neither expired nor for another audience); declared sample
 * tokens that are expired or name another audience serve those two tests. Forged ones are made here
 * from the valid token's claims with a fresh expiry: `alg: none`, signed by an unknown RSA key under
 * the issuer's `kid`, and HS256 keyed with the issuer's public key PEM (key confusion). Tokens are
 * secrets: only their SHA-256 fingerprints leave this module.
 */
import { errorMessage } from "../../errors.js";
import { createHmac, createPublicKey, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import type { JWK } from "jose";
import type { EndpointHandle } from "../../targets/endpoint.js";
import { collectTokens, fingerprint } from "../jwt_policy/tokens.js";
import { fetchDiscovery, fetchJson } from "../oidc_provider/fetch-json.js";

export type Variant =
  | "no_token"
  | "expired"
  | "unknown_key"
  | "alg_none"
  | "key_confusion"
  | "wrong_audience"
  | "valid";

export interface TokenPlan {
  /** Token per variant; absent variants could not be built, with the reason in `missing`. */
  readonly tokens: Partial<Record<Variant, string>>;
  readonly missing: Partial<Record<Variant, string>>;
  /** Requests made to the identity provider (token endpoint, discovery, JWKS). */
  readonly idpRequests: number;
}

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString("base64url");

function claimsOf(token: string): Record<string, unknown> | null {
  try {
    const payload = token.split(".")[1] ?? "";
    const c = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    return c && typeof c === "object" ? (c as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function audiences(c: Record<string, unknown>): string[] {
  const aud = c["aud"];
  const list: unknown[] = Array.isArray(aud) ? aud : [aud];
  return list.filter((a): a is string => typeof a === "string");
}

export async function planTokens(
  h: EndpointHandle,
  expectedAudience: string | undefined,
  now: Date,
  signal: AbortSignal,
): Promise<TokenPlan> {
  const tokens: Partial<Record<Variant, string>> = {};
  const missing: Partial<Record<Variant, string>> = {};
  let idpRequests = h.clientCredentials ? 1 : 0;
  const nowSec = Math.floor(now.getTime() / 1000);
  const samples = await collectTokens(h, signal);
  for (const s of samples) {
    const c = claimsOf(s.token);
    if (!c) continue;
    const expired = typeof c["exp"] === "number" && c["exp"] < nowSec;
    const foreign = expectedAudience !== undefined && !audiences(c).includes(expectedAudience);
    if (expired) tokens.expired ??= s.token;
    else if (foreign) tokens.wrong_audience ??= s.token;
    else if (s.source === "client credentials" || !tokens.valid) tokens.valid = s.token;
  }
  if (!tokens.valid) missing.valid = "no client credentials and no unexpired sample token for the expected audience";
  if (!tokens.expired) missing.expired = "no expired sample token declared (connection.tokens)";
  if (!tokens.wrong_audience)
    missing.wrong_audience =
      expectedAudience === undefined
        ? "no expected audience declared"
        : "no sample token for another audience declared (connection.tokens)";

  const base = tokens.valid ? (claimsOf(tokens.valid) ?? {}) : {};
  const claims = {
    iss: h.issuer,
    sub: "assay-probe",
    ...(expectedAudience ? { aud: expectedAudience } : {}),
    ...base,
    iat: nowSec,
    exp: nowSec + 300,
    jti: `assay-probe-${nowSec}`,
  };
  tokens.alg_none = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;

  let key: JWK | undefined;
  try {
    const doc = await fetchDiscovery(h, signal);
    idpRequests += 1;
    if (typeof doc.jwks_uri === "string") {
      const jwks = (await fetchJson(h, new URL(doc.jwks_uri), "JWKS", signal)) as { keys?: JWK[] };
      idpRequests += 1;
      key = (jwks.keys ?? []).find((k) => (k.kty === "RSA" || k.kty === "EC") && k.use !== "enc");
    }
  } catch (err) {
    const reason = `the issuer's keys cannot be read: ${errorMessage(err)}`;
    missing.key_confusion = reason;
  }
  const kid = key?.kid;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const { SignJWT } = await import("jose");
  tokens.unknown_key = await new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(kid ? { kid } : {}) })
    .sign(privateKey);
  if (key) {
    const pem = createPublicKey({ key: key as JsonWebKey, format: "jwk" }).export({ type: "spki", format: "pem" });
    const input = `${b64({ alg: "HS256", typ: "JWT", ...(kid ? { kid } : {}) })}.${b64(claims)}`;
    tokens.key_confusion = `${input}.${createHmac("sha256", String(pem)).update(input).digest("base64url")}`;
  } else missing.key_confusion ??= "the issuer publishes no RSA or EC signing key";
  return { tokens, missing, idpRequests };
}

export { fingerprint };
