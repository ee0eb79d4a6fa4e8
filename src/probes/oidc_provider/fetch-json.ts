/** @module GET a JSON document from an endpoint target, with errors that say which document failed and why. */
import type { EndpointHandle } from "../../targets/endpoint.js";

export async function fetchJson(h: EndpointHandle, url: URL, what: string, signal: AbortSignal): Promise<unknown> {
  const res = await h.request(url, { signal, headers: { accept: "application/json" } });
  if (res.status !== 200) throw new Error(`${what} at ${url.href} returned HTTP ${res.status}`);
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    throw new Error(`${what} at ${url.href} is not valid JSON`);
  }
}

export interface Discovery {
  readonly issuer?: unknown;
  readonly jwks_uri?: unknown;
  readonly token_endpoint?: unknown;
  readonly id_token_signing_alg_values_supported?: unknown;
  readonly code_challenge_methods_supported?: unknown;
  readonly [key: string]: unknown;
}

/** The OpenID Provider configuration of the target's issuer (OIDC Discovery 1.0 §4). */
export async function fetchDiscovery(h: EndpointHandle, signal: AbortSignal): Promise<Discovery> {
  const url = new URL(`${h.issuer}/.well-known/openid-configuration`);
  const doc = await fetchJson(h, url, "discovery document", signal);
  if (!doc || typeof doc !== "object" || Array.isArray(doc))
    throw new Error(`discovery document at ${url.href} is not a JSON object`);
  return doc as Discovery;
}

export const stringList = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
