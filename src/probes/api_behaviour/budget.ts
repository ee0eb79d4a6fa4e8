/**
 * @module The request budget of one behavioural probe run: every request to the API goes through
 * `send`, which refuses to exceed the cap, pauses between requests (except inside a declared
 * burst), and counts requests per purpose for the evidence. Requests go through the endpoint
 * handle's one HTTP client (CA, SNI, no redirects, capped bodies).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { EndpointHandle } from "../../targets/endpoint.js";
import type { HttpResponse } from "../../targets/http.js";

export class BudgetExhausted extends Error {
  constructor(max: number) {
    super(`request cap of ${max} reached`);
  }
}

export interface SendOptions {
  readonly method?: "GET" | "HEAD" | "OPTIONS" | "TRACE";
  readonly headers?: Readonly<Record<string, string>>;
  /** Inside a burst the pause is skipped (the rate-limit test needs requests within one window). */
  readonly burst?: boolean;
}

export class RequestBudget {
  #sent = 0;
  readonly #byPurpose: Record<string, number> = {};

  constructor(
    private readonly h: EndpointHandle,
    readonly max: number,
    private readonly pauseMs: number,
    private readonly signal: AbortSignal,
  ) {}

  get sent(): number {
    return this.#sent;
  }
  get remaining(): number {
    return this.max - this.#sent;
  }
  get byPurpose(): Readonly<Record<string, number>> {
    return { ...this.#byPurpose };
  }

  async send(purpose: string, url: URL, o: SendOptions = {}): Promise<HttpResponse> {
    if (this.#sent >= this.max) throw new BudgetExhausted(this.max);
    if (this.#sent > 0 && !o.burst && this.pauseMs > 0) await sleep(this.pauseMs, undefined, { signal: this.signal });
    this.#sent += 1;
    this.#byPurpose[purpose] = (this.#byPurpose[purpose] ?? 0) + 1;
    return this.h.request(url, {
      method: o.method ?? "GET",
      headers: { accept: "application/json, */*;q=0.5", ...o.headers },
      signal: this.signal,
      insecure: true, // certificate trust is tls_endpoint's concern
    });
  }
}
