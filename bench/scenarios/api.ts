/**
 * @module `api_behaviour` on one endpoint (loopback): the whole behavioural run — seven token
 * variants, CORS, TRACE, two error probes and the rate-limit burst — against a compliant Express
 * API (limit 100/min, so the burst stops at the first 429) and a broken one (no limit, so the burst
 * runs to limit + margin). A fresh server per run, so every run starts with an empty rate-limit
 * window; the request counts are the servers' own.
 */
import apiBehaviour from "../../src/probes/api_behaviour/index.js";
import { endpointConnector } from "../../src/targets/endpoint.js";
import { apiConnection, startApi } from "../../test/support/api-server.js";
import { startOidcProvider } from "../../test/support/oidc.js";
import type { Figure, Scenario } from "../harness.js";

const RUNS = 5;

export const apiCheck: Scenario = {
  name: "api behaviour check, one endpoint (loopback)",
  async run() {
    const idp = await startOidcProvider();
    const now = Math.floor(Date.now() / 1000);
    const tokens = [
      await idp.signToken({ iat: now - 7200, exp: now - 3600 }),
      await idp.signToken({ aud: "https://x.test" }),
    ];
    const params = {
      api: {
        protected_path: "/api/orders",
        expected_audience: idp.resource,
        rate_limit: { limit: 100, window_seconds: 60 },
      },
      max_requests: 150,
      pause_ms: 25,
      rate_limit_margin: 10,
    };
    const figures: Figure[] = [];
    try {
      for (const broken of [false, true]) {
        const times: number[] = [];
        let served = 0;
        let sent = 0;
        for (let i = 0; i < RUNS; i += 1) {
          const api = await startApi({ issuer: idp.issuer, audience: idp.resource, broken, limit: 100 });
          try {
            const handle = await endpointConnector.open(apiConnection(idp, api.url, tokens), {
              baseDir: process.cwd(),
              signal: AbortSignal.timeout(5000),
              timeoutMs: 5000,
            });
            const t0 = performance.now();
            const out = await apiBehaviour.run({
              params,
              target: { id: "bench", type: "endpoint", tags: [], handle },
              signal: AbortSignal.timeout(60_000),
              now: () => new Date(),
            });
            times.push(performance.now() - t0);
            sent = (out.facts["requests"] as { sent: number }).sent;
            served = api.count();
          } finally {
            await api.stop();
          }
        }
        times.sort((a, b) => a - b);
        const label = broken ? "broken API (no limit)" : "compliant API (429 at 101)";
        figures.push(
          {
            name: `${label}: one run, median of ${RUNS}`,
            value: Math.round(times[Math.floor(RUNS / 2)] ?? 0),
            unit: "ms",
          },
          { name: `${label}: requests sent (probe count)`, value: sent, unit: "requests", target: "≤ 150 cap" },
          { name: `${label}: requests received (server count)`, value: served, unit: "requests" },
        );
      }
    } finally {
      await idp.stop();
    }
    return figures;
  },
};
