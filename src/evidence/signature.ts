/**
 * @module Verifying a signed manifest: strict compact-JWS syntax (canonical base64url, so no two
 * files verify as the same signature), the expected `typ`, an allowed algorithm, and the key
 * chosen by `kid` among trusted keys.
 */
import { compactVerify, importJWK, type JWK } from "jose";
import { isSigningAlg, type SigningAlg } from "./keys.js";
import { MANIFEST_TYP } from "./layout.js";

export type SignatureCheck =
  | { readonly ok: true; readonly kid: string; readonly alg: SigningAlg; readonly payload: Buffer }
  | { readonly ok: false; readonly message: string; readonly kid?: string };

const B64URL = /^[A-Za-z0-9_-]+$/;

export interface JwsHeader {
  readonly alg: SigningAlg;
  readonly kid: string;
}

/** Reads the protected header without verifying; null when the JWS is malformed. */
export function jwsHeader(jws: string, typ: string = MANIFEST_TYP): JwsHeader | null {
  const parts = jws.split(".");
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p) && Buffer.from(p, "base64url").toString("base64url") === p)) return null;
  try {
    const h = JSON.parse(Buffer.from(parts[0] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    if (!isSigningAlg(h.alg) || typeof h.kid !== "string" || h.typ !== typ) return null;
    return { alg: h.alg, kid: h.kid };
  } catch {
    return null;
  }
}

/** Verifies `jws` with the trusted key whose id is the header's `kid`. */
export async function verifyManifestJws(
  jws: string,
  trusted: ReadonlyMap<string, JWK>,
  what = "manifest.jws",
  typ: string = MANIFEST_TYP,
): Promise<SignatureCheck> {
  const header = jwsHeader(jws, typ);
  if (header === null) return { ok: false, message: `${what} is not a well-formed Assay manifest signature (compact JWS with alg EdDSA or ES256, kid and typ ${typ})` };
  const jwk = trusted.get(header.kid);
  if (jwk === undefined) {
    return { ok: false, kid: header.kid, message: `${what} is signed by key ${header.kid}, which is not a trusted key (trusted: ${[...trusted.keys()].join(", ") || "none"})` };
  }
  if (jwk.alg !== header.alg) return { ok: false, kid: header.kid, message: `${what} says alg ${header.alg} but key ${header.kid} is a ${String(jwk.alg)} key` };
  try {
    const key = await importJWK(jwk, header.alg);
    const { payload } = await compactVerify(jws, key, { algorithms: [header.alg] });
    return { ok: true, kid: header.kid, alg: header.alg, payload: Buffer.from(payload) };
  } catch {
    return { ok: false, kid: header.kid, message: `the signature in ${what} does not verify with key ${header.kid}: the manifest or its signature was altered` };
  }
}
