import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { generateKeyPair, SignJWT } from "jose";
import jwtPolicy from "../../src/probes/jwt_policy/index.js";
import oidcProvider from "../../src/probes/oidc_provider/index.js";
import type { AnyProbe } from "../../src/probes/define.js";
import { assertWellFormed, runOnce, testProbe } from "../../src/probes/tester.js";
import type { EndpointHandle } from "../../src/targets/endpoint.js";
import { endpoint } from "../network/servers.js";
import { startOidcProvider } from "../support/oidc.js";

const shortLived = await startOidcProvider({ accessTokenTtlSeconds: 600 });
const longLived = await startOidcProvider({ accessTokenTtlSeconds: 3600, idTokenSigningAlgs: ["RS256", "HS256"] });

/** A hand-written provider metadata server for what oidc-provider refuses to serve (plain PKCE, `none`, weak keys, broken JWKS). */
async function startStaticIdp(
  doc: (base: string) => object,
  jwks: string,
): Promise<{ base: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader("content-type", "application/json");
    res.end(req.url === "/jwks" ? jwks : JSON.stringify(doc(base)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
const weakRsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "jwk" });
const sloppy = await startStaticIdp(
  (base) => ({
    issuer: "https://idp.elsewhere.example",
    jwks_uri: `${base}/jwks`,
    id_token_signing_alg_values_supported: ["RS256", "none"],
    code_challenge_methods_supported: ["plain", "S256"],
  }),
  JSON.stringify({
    keys: [
      { ...weakRsa, kid: "old", use: "sig" },
      { kty: "oct", kid: "shared", k: "c2VjcmV0" },
    ],
  }),
);
const broken = await startStaticIdp((base) => ({ issuer: base, jwks_uri: `${base}/jwks` }), '{"keys": {"kty": "RSA"}}');
after(async () => {
  sloppy.close();
  broken.close();
  await Promise.all([shortLived.stop(), longLived.stop()]);
});

const cc = (p: typeof shortLived, secret = p.clientSecret) => ({
  client_id: p.clientId,
  client_secret: secret,
  resource: p.resource,
  scope: "api:read",
});
const strict = {
  allowed_algorithms: ["RS256", "PS256", "ES256", "EdDSA"],
  max_lifetime_minutes: 15,
  expected_audience: "https://api.assay.test",
};
const weakHs = await new SignJWT({ sub: "alice" })
  .setProtectedHeader({ alg: "HS256" })
  .setIssuedAt()
  .setExpirationTime("8h")
  .setIssuer("http://legacy.example")
  .sign(new TextEncoder().encode("secret"));
const strongHs = await new SignJWT({ sub: "bob" })
  .setProtectedHeader({ alg: "HS256" })
  .setIssuedAt()
  .setExpirationTime("5m")
  .setIssuer(shortLived.issuer)
  .setAudience("https://api.assay.test")
  .sign(crypto.getRandomValues(new Uint8Array(32)));
const { privateKey: foreignKey } = await generateKeyPair("RS256");
const forged = await new SignJWT({ sub: "mallory" })
  .setProtectedHeader({ alg: "RS256", kid: "rs-1" })
  .setIssuedAt()
  .setExpirationTime("5m")
  .setIssuer(shortLived.issuer)
  .setAudience("https://api.assay.test")
  .sign(foreignKey);
const noExp = await new SignJWT({ sub: "carol" })
  .setProtectedHeader({ alg: "HS512" })
  .setIssuer(shortLived.issuer)
  .sign(crypto.getRandomValues(new Uint8Array(64)));

testProbe(oidcProvider, {
  cases: [
    {
      name: "a well-configured oidc-provider passes issuer, algorithms, keys and PKCE",
      target: { type: "endpoint", handle: await endpoint({ url: shortLived.issuer }) },
      params: { require_pkce_s256: true },
      expect: { issuerOk: "pass", algsOk: "pass", keysOk: "pass", pkceOk: "pass" },
      exact: true,
    },
    {
      name: "an oidc-provider that also signs ID tokens with HS256 fails the algorithm aspect",
      target: { type: "endpoint", handle: await endpoint({ url: longLived.issuer }) },
      params: {},
      expect: { algsWeak: "fail", keysOk: "pass" },
    },
    {
      name: "metadata with none, plain PKCE, a foreign issuer, an RSA-1024 and a symmetric key fails each aspect",
      target: { type: "endpoint", handle: await endpoint({ url: sloppy.base }) },
      params: {},
      expect: { issuerMismatch: "fail", algsWeak: "fail", keyWeak: "fail", keySymmetric: "fail", pkcePlain: "fail" },
      exact: true,
    },
  ],
});

testProbe(jwtPolicy, {
  invalidParams: [{ name: "zero lifetime", params: { max_lifetime_minutes: 0 } }],
  cases: [
    {
      name: "a 10-minute RS256 access token from the provider meets the strict policy",
      target: {
        type: "endpoint",
        handle: await endpoint({ url: shortLived.issuer, client_credentials: cc(shortLived) }),
      },
      params: strict,
      expect: {
        algOk: "pass",
        lifetimeOk: "pass",
        audOk: "pass",
        issOk: "pass",
        notHmac: "not_applicable",
        sigOk: "pass",
      },
      exact: true,
    },
    {
      name: "a 60-minute access token passes the baseline but fails the strict 15-minute maximum",
      target: {
        type: "endpoint",
        handle: await endpoint({ url: longLived.issuer, client_credentials: cc(longLived) }),
      },
      params: strict,
      expect: { lifetimeLong: "fail", algOk: "pass" },
    },
    {
      name: "an HS256 sample signed with 'secret' is forgeable, long-lived, foreign and audience-less",
      target: { type: "endpoint", handle: await endpoint({ url: shortLived.issuer, tokens: [weakHs] }) },
      params: strict,
      expect: {
        algBad: "fail",
        hmacWeak: "fail",
        lifetimeLong: "fail",
        audMissing: "fail",
        issUnexpected: "fail",
        sigSymmetric: "not_applicable",
      },
      exact: true,
    },
    {
      name: "a token that claims the provider as issuer but is signed with another key fails the signature check",
      target: { type: "endpoint", handle: await endpoint({ url: shortLived.issuer, tokens: [forged] }) },
      params: strict,
      expect: { sigBad: "fail", algOk: "pass", issOk: "pass" },
    },
    {
      name: "a random-keyed HS256 token passes the weak-secret test, and a token without exp fails lifetime",
      target: {
        type: "endpoint",
        handle: await endpoint({ url: shortLived.issuer, tokens: [strongHs, noExp, "not-a-jwt"] }),
      },
      params: { allowed_algorithms: ["HS256"], max_lifetime_minutes: 60 },
      expect: { hmacNotWeak: "pass", lifetimeOk: "pass", lifetimeUnknown: "fail", notJwt: "error" },
    },
  ],
});

/** Through `runProbe`, as the engine runs it; a run that ends in an error rejects with the reason. */
const run = async (probe: AnyProbe, handle: EndpointHandle, params: Record<string, unknown>) => {
  const r = await runOnce(probe, { id: "idp", type: "endpoint", handle }, params, { timeoutMs: 10_000 });
  if (!r.ok) throw new Error(r.error);
  return assertWellFormed(probe, r);
};

test("a malformed JWKS is an error naming the document", async () => {
  await assert.rejects(
    run(oidcProvider, await endpoint({ url: broken.base }), {}),
    /JWKS at http:\/\/127\.0\.0\.1:\d+\/jwks is malformed/,
  );
});

test("a refused token request is an error that does not leak the client secret", async () => {
  const wrong = "definitely-wrong-secret-value";
  const err = await run(
    jwtPolicy,
    await endpoint({ url: shortLived.issuer, client_credentials: cc(shortLived, wrong) }),
    {},
  ).then(
    () => assert.fail("should reject"),
    (e: unknown) => e as Error,
  );
  assert.match(err.message, /refused the client credentials request: HTTP 401 \(invalid_client\)/);
  assert.doesNotMatch(err.message, new RegExp(wrong));
});

test("facts keep header, claim names and lifetime but never the token or its signature", async () => {
  const out = await run(jwtPolicy, await endpoint({ url: shortLived.issuer, tokens: [weakHs] }), {});
  const text = JSON.stringify([out.facts, out.findings]);
  for (const part of weakHs.split(".")) assert.ok(!text.includes(part), "a token segment leaked");
  assert.match(text, /"claimNames":\["exp","iat","iss","sub"\]/);
  assert.match(text, /"lifetimeSeconds":28800/);
});

test("an endpoint with neither sample tokens nor client credentials is an error saying so", async () => {
  await assert.rejects(
    run(jwtPolicy, await endpoint({ url: shortLived.issuer }), {}),
    /provides no sample tokens \(connection\.tokens\) and no client_credentials/,
  );
});

test("a discovery URL that answers HTML is an error naming the document", async () => {
  const html = http.createServer((_req, res) => res.end("<html>login</html>"));
  await new Promise<void>((r) => html.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(html.address() as AddressInfo).port}/realms/x`;
    await assert.rejects(
      run(oidcProvider, await endpoint({ url }), {}),
      /discovery document at .*\/realms\/x\/\.well-known\/openid-configuration is not valid JSON/,
    );
  } finally {
    html.close();
  }
});
