/**
 * `api_behaviour` against real Express APIs (jose verifier, express-rate-limit) in a compliant and a
 * broken configuration, with a real OpenID provider issuing the client-credentials token. Requests
 * are counted by the servers: the probe never exceeds its cap.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import probe from "../../src/probes/api_behaviour/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { endpointConnector } from "../../src/targets/endpoint.js";
import { apiConnection, startApi } from "../support/api-server.js";
import { startOidcProvider } from "../support/oidc.js";

const idp = await startOidcProvider();
const good = await startApi({ issuer: idp.issuer, audience: idp.resource, broken: false, limit: 20 });
const bad = await startApi({ issuer: idp.issuer, audience: idp.resource, broken: true });
after(() => Promise.all([idp.stop(), good.stop(), bad.stop()]));

const expired = await idp.signToken({
  iat: Math.floor(Date.now() / 1000) - 7200,
  exp: Math.floor(Date.now() / 1000) - 3600,
});
const foreign = await idp.signToken({ aud: "https://other.assay.test" });

const opened: { close(): Promise<void> }[] = [];
after(() => Promise.all(opened.map((h) => h.close())));
const handle = async (url: string) => {
  const h = await endpointConnector.open(apiConnection(idp, url, [expired, foreign]), {
    baseDir: process.cwd(),
    signal: AbortSignal.timeout(5000),
    timeoutMs: 5000,
  });
  opened.push(h);
  return h;
};
const api = {
  protected_path: "/api/orders",
  expected_audience: idp.resource,
  rate_limit: { limit: 20, window_seconds: 60 },
};
const params = { api, max_requests: 60, pause_ms: 0, rate_limit_margin: 10 };

testProbe(probe, {
  cases: [
    {
      name: "a compliant API rejects every bad token, accepts the valid one, limits the burst and discloses nothing",
      target: { type: "endpoint", handle: await handle(good.url) },
      params,
      expect: {
        rejected: "pass",
        validAccepted: "pass",
        rateLimited: "pass",
        corsStrict: "pass",
        traceDisabled: "pass",
        errorsClean: "pass",
      },
      exact: true,
    },
    {
      name: "a broken API accepts alg none, key confusion, expired and foreign tokens, has no limit, reflects origins, echoes TRACE, shows stacks",
      target: { type: "endpoint", handle: await handle(bad.url) },
      params,
      expect: {
        accepted: "fail",
        rejected: "pass",
        validAccepted: "pass",
        rateUnlimited: "fail",
        corsReflected: "fail",
        traceEnabled: "fail",
        errorsLeak: "fail",
      },
    },
  ],
  invalidParams: [
    { name: "no api", params: {} },
    { name: "cap above 1000", params: { api, max_requests: 5000 } },
    { name: "unknown key", params: { api: { ...api, path: "/x" } } },
  ],
});

const run = async (url: string, p: Record<string, unknown>) =>
  probe.run({
    params: p as never,
    target: { id: "api", type: "endpoint", tags: [], handle: await handle(url) },
    signal: AbortSignal.timeout(30_000),
    now: () => new Date(),
  });

test("which token each variant sent is recorded by fingerprint only, and the server counted every request", async () => {
  const before = bad.count();
  const out = await run(bad.url, params);
  const served = bad.count() - before;
  const requests = out.facts["requests"] as { sent: number; cap: number };
  assert.equal(served, requests.sent, "the server saw exactly the requests the probe counted");
  assert.ok(served <= 60);
  assert.equal(served, 7 + 2 + 1 + 2 + 30, "7 auth, 2 CORS, 1 TRACE, 2 error probes, limit + margin burst");
  const auth = Object.fromEntries(
    (out.facts["auth"] as { variant: string; status: number }[]).map((a) => [a.variant, a.status]),
  );
  assert.deepEqual(auth, {
    no_token: 401,
    expired: 200,
    unknown_key: 401,
    alg_none: 200,
    key_confusion: 200,
    wrong_audience: 200,
    valid: 200,
  });
  const text = JSON.stringify(out);
  assert.doesNotMatch(text, /eyJ/, "no token in facts or findings");
  assert.ok(!text.includes(expired) && !text.includes(foreign));
  assert.match(text, /"token":"sha256:[0-9a-f]{12}"/);
});

test("the compliant API's first 429 arrives at request 21 with RateLimit headers, and the burst stops there", async () => {
  const fresh = await startApi({ issuer: idp.issuer, audience: idp.resource, broken: false, limit: 20 });
  try {
    const out = await run(fresh.url, params);
    const rate = out.facts["rateLimit"] as { kind: string; at: number; headers: string[] };
    assert.equal(rate.kind, "limited");
    assert.equal(rate.at, 21 - 12, "12 earlier requests of the same run count against the same limit");
    assert.ok(rate.headers.includes("ratelimit") || rate.headers.includes("ratelimit-policy"));
    assert.equal(fresh.count(), (out.facts["requests"] as { sent: number }).sent);
  } finally {
    await fresh.stop();
  }
});

test("a cap too small for the declared limit makes the rate-limit aspect an error, and the cap holds", async () => {
  const before = bad.count();
  const out = await run(bad.url, { ...params, max_requests: 20 });
  assert.ok(bad.count() - before <= 20);
  assert.ok(
    out.findings.some((f) => f.aspect === "rate_limit" && f.status === "error" && f.messageId === "rateTooCostly"),
  );
});
