/**
 * @module Probe `api_behaviour`: tests what an API does, not what its configuration says. With a
 * bounded number of safe requests (GET, OPTIONS, TRACE; no bodies; a hard cap and a pause) it checks
 * that a protected URL refuses missing, expired, foreign-audience and forged tokens (`alg: none`,
 * unknown key, HS256 keyed with the issuer's public key) and accepts a valid one; that a burst of at
 * most the declared limit plus a margin meets a 429; that CORS does not trust an unknown origin;
 * that TRACE is off; and that error responses carry no stack trace or banner. Tokens never enter
 * the evidence (fingerprints only).
 */
import type { JsonObject } from "../../model/json.js";
import { Type } from "@sinclair/typebox";
import { defineProbe } from "../define.js";
import { paramsObject, withDefault } from "../params.js";
import { RequestBudget } from "./budget.js";
import { ASPECTS, authFindings, type F, MESSAGES, rateFinding, surfaceFindings } from "./findings.js";
import { burst, type RateLimitObservation, rateLimitSpec } from "./rate-limit.js";
import { observeCors, observeErrors, observeTrace } from "./surface.js";
import { fingerprint, planTokens, type Variant } from "./tokens.js";

const params = paramsObject({
  api: paramsObject({
    /** Path (or absolute URL) that requires a token. */
    protected_path: Type.String({ minLength: 1 }),
    expected_audience: Type.Optional(Type.String({ minLength: 1 })),
    rate_limit: Type.Optional(rateLimitSpec),
  }),
  max_requests: withDefault(Type.Integer({ minimum: 13, maximum: 1000 }), 150),
  pause_ms: withDefault(Type.Integer({ minimum: 0, maximum: 5000 }), 25),
  rate_limit_margin: withDefault(Type.Integer({ minimum: 1, maximum: 100 }), 10),
});

const VARIANTS: readonly Variant[] = [
  "no_token",
  "expired",
  "unknown_key",
  "alg_none",
  "key_confusion",
  "wrong_audience",
  "valid",
];

export default defineProbe({
  meta: {
    id: "api_behaviour",
    version: "1.0.0",
    title: "API behaviour: authentication, rate limiting, CORS, TRACE, error disclosure",
    description:
      "Sends at most max_requests safe requests (GET/OPTIONS/TRACE, no bodies) to test token enforcement with missing, expired, foreign-audience and forged tokens, a rate-limit burst, CORS for an unknown origin, TRACE and error-page disclosure.",
    targetTypes: ["endpoint"],
    params,
    privileges: [
      "anonymous GET/OPTIONS/TRACE of the API; a client allowed the client_credentials grant (no user data) for the valid-token control",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run({ params: p, target: { handle: h }, signal, now }) {
    const budget = new RequestBudget(h, p.max_requests, p.pause_ms, signal);
    const protectedUrl = new URL(p.api.protected_path, h.url);
    const plan = await planTokens(h, p.api.expected_audience, now(), signal);

    const auth: { variant: Variant; status: number | null; token: string | null; reason?: string }[] = [];
    for (const variant of VARIANTS) {
      const token = variant === "no_token" ? undefined : plan.tokens[variant];
      if (variant !== "no_token" && token === undefined) {
        auth.push({ variant, status: null, token: null, reason: plan.missing[variant] ?? "not available" });
        continue;
      }
      const res = await budget.send(`auth:${variant}`, protectedUrl, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      auth.push({ variant, status: res.status, token: token ? fingerprint(token) : null });
    }
    const findings: F[] = authFindings(auth, protectedUrl.href);

    const cors = await observeCors(budget, h.url);
    const trace = await observeTrace(budget, h.url);
    const errors = await observeErrors(budget, h.url);
    findings.push(...surfaceFindings(cors, trace, errors, h.url.href));

    const spec = p.api.rate_limit;
    const rateUrl = spec ? new URL(spec.path ?? h.url.href, h.url) : h.url;
    const rate = spec ? await burst(budget, rateUrl, spec, p.rate_limit_margin) : null;
    findings.push(rateFinding(rate, spec, rateUrl.href));

    return {
      facts: {
        protectedUrl: protectedUrl.href,
        auth: auth.map((a) => ({ variant: a.variant, status: a.status, token: a.token, reason: a.reason ?? null })),
        cors: { ...cors },
        traceStatus: trace,
        errors: errors.map((e) => ({ ...e, leaks: [...e.leaks] })),
        rateLimit: rate ? rateFacts(rate, rateUrl.href) : null,
        requests: {
          sent: budget.sent,
          cap: budget.max,
          byPurpose: budget.byPurpose,
          identityProvider: plan.idpRequests,
        },
      },
      findings,
    };
  },
});

function rateFacts(o: RateLimitObservation, url: string): JsonObject {
  return o.kind === "limited" ? { url, ...o, headers: [...o.headers] } : { url, ...o };
}
