/**
 * @module Signature check of asymmetric tokens against the issuer's published keys (discovery →
 * jwks_uri → `jose`). A token that verifies with none of them was not issued by that provider, or
 * was tampered with. The keys are fetched once per probe run.
 */
import { errorMessage } from "../../errors.js";
import type { JSONWebKeySet, createLocalJWKSet } from "jose";
import type { EndpointHandle } from "../../targets/endpoint.js";
import { fetchDiscovery, fetchJson } from "../oidc_provider/fetch-json.js";

export type Verifier = (
  token: string,
) => Promise<{ readonly ok: true; readonly kid: string } | { readonly ok: false; readonly reason: string }>;

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;
export const isAsymmetric = (alg: string): boolean => ASYMMETRIC.test(alg);

/** A verifier for the issuer's keys, or the reason none could be built (no discovery, bad JWKS). */
export async function issuerVerifier(h: EndpointHandle, signal: AbortSignal): Promise<Verifier | string> {
  const { compactVerify, createLocalJWKSet: localJwks } = await import("jose");
  let jwks: ReturnType<typeof createLocalJWKSet>;
  try {
    const doc = await fetchDiscovery(h, signal);
    if (typeof doc.jwks_uri !== "string") return `the discovery document of ${h.issuer} has no jwks_uri`;
    jwks = localJwks((await fetchJson(h, new URL(doc.jwks_uri), "JWKS", signal)) as JSONWebKeySet);
  } catch (err) {
    return errorMessage(err);
  }
  return async (token) => {
    try {
      const { protectedHeader } = await compactVerify(token, jwks);
      return { ok: true, kid: protectedHeader.kid ?? "(no kid)" };
    } catch (err) {
      // jose's codes (ERR_JWKS_NO_MATCHING_KEY, ERR_JWS_SIGNATURE_VERIFICATION_FAILED) name the cause.
      return { ok: false, reason: (err as { code?: string }).code ?? "verification failed" };
    }
  };
}
