/**
 * @module The rate-limit test: GET one URL as fast as the budget allows, at most the declared limit
 * plus a margin, and stop at the first 429. A limit is enforced when a 429 arrives within that
 * count and says when to retry (`Retry-After`, `RateLimit`/`RateLimit-*` or `X-RateLimit-*`). A burst
 * that outlasted the declared window without a 429 decides nothing.
 */
import { type Static, Type } from "@sinclair/typebox";
import { paramsObject } from "../params.js";
import type { RequestBudget } from "./budget.js";

/** The rate limit an API declares (`api.rate_limit`): at most `limit` requests per `window_seconds`. */
export const rateLimitSpec = paramsObject({
  limit: Type.Integer({ minimum: 1, maximum: 900 }),
  window_seconds: Type.Integer({ minimum: 1, maximum: 3600 }),
  /** Path (or absolute URL) the burst goes to; the API's URL when left out. */
  path: Type.Optional(Type.String({ minLength: 1 })),
});
export type RateLimitSpec = Static<typeof rateLimitSpec>;

export type RateLimitObservation =
  | { readonly kind: "limited"; readonly at: number; readonly headers: readonly string[]; readonly elapsedMs: number }
  | { readonly kind: "unlimited"; readonly sent: number; readonly elapsedMs: number; readonly inWindow: boolean }
  | { readonly kind: "too_costly"; readonly needed: number; readonly remaining: number };

const HINTS = /^(retry-after|ratelimit|ratelimit-(limit|remaining|reset|policy)|x-ratelimit-(limit|remaining|reset))$/;

export async function burst(
  b: RequestBudget,
  url: URL,
  spec: RateLimitSpec,
  margin: number,
  now: () => number = Date.now,
): Promise<RateLimitObservation> {
  const max = spec.limit + margin;
  if (max > b.remaining) return { kind: "too_costly", needed: max, remaining: b.remaining };
  const start = now();
  for (let i = 1; i <= max; i += 1) {
    const res = await b.send("rate_limit", url, { burst: true });
    if (res.status === 429)
      return {
        kind: "limited",
        at: i,
        headers: Object.keys(res.headers)
          .filter((h) => HINTS.test(h))
          .sort(),
        elapsedMs: now() - start,
      };
  }
  const elapsedMs = now() - start;
  return { kind: "unlimited", sent: max, elapsedMs, inWindow: elapsedMs <= spec.window_seconds * 1000 };
}
