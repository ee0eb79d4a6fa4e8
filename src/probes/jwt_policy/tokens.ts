/**
 * @module Where sample tokens come from: the target's `tokens` (secret references) and, when client
 * credentials are configured, one real client-credentials token request. Tokens are secrets; only
 * their header, claim names, lifetimes and a short SHA-256 fingerprint ever leave this probe.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { EndpointHandle } from "../../targets/endpoint.js";
import { fetchDiscovery } from "../oidc_provider/fetch-json.js";
import { WEAK_HMAC_SECRETS } from "./weak-secrets.js";

export interface SampleToken {
  readonly token: string;
  /** "sample #1", "client credentials": how the token was obtained, never its value. */
  readonly source: string;
}

export const fingerprint = (token: string): string =>
  `sha256:${createHash("sha256").update(token).digest("hex").slice(0, 12)}`;

export async function collectTokens(h: EndpointHandle, signal: AbortSignal): Promise<SampleToken[]> {
  const out: SampleToken[] = h.tokens.map((token, i) => ({ token, source: `sample #${i + 1}` }));
  const cc = h.clientCredentials;
  if (!cc) return out;
  const tokenUrl = cc.tokenUrl ?? (await fetchDiscovery(h, signal)).token_endpoint;
  if (typeof tokenUrl !== "string")
    throw new Error("no token_url configured and the discovery document has no token_endpoint");
  const body = new URLSearchParams({ grant_type: "client_credentials" });
  if (cc.scope) body.set("scope", cc.scope);
  if (cc.resource) body.set("resource", cc.resource);
  const basic = Buffer.from(`${encodeURIComponent(cc.clientId)}:${encodeURIComponent(cc.clientSecret)}`).toString(
    "base64",
  );
  const res = await h.request(new URL(tokenUrl), {
    method: "POST",
    signal,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${basic}`,
      accept: "application/json",
    },
    body: body.toString(),
  });
  let parsed: { access_token?: unknown; error?: unknown } = {};
  try {
    parsed = JSON.parse(res.body) as typeof parsed;
  } catch {
    // handled below: no token
  }
  if (res.status !== 200 || typeof parsed.access_token !== "string") {
    // Only the OAuth error code: the body of a failed response may echo request parameters.
    const code = typeof parsed.error === "string" ? ` (${parsed.error.slice(0, 60)})` : "";
    throw new Error(`token endpoint ${tokenUrl} refused the client credentials request: HTTP ${res.status}${code}`);
  }
  out.push({ token: parsed.access_token, source: "client credentials" });
  return out;
}

/** The weak secret count that verifies an HS* token, or -1; the secret itself is never returned. */
export function weakSecretMatch(token: string, alg: string): number {
  const hash = { HS256: "sha256", HS384: "sha384", HS512: "sha512" }[alg];
  const [h = "", p = "", s = ""] = token.split(".");
  if (!hash || !s) return -1;
  const sig = Buffer.from(s, "base64url");
  const input = `${h}.${p}`;
  return WEAK_HMAC_SECRETS.findIndex((secret) => {
    const mac = createHmac(hash, secret).update(input).digest();
    return mac.length === sig.length && timingSafeEqual(mac, sig);
  });
}
