/**
 * @module Bounded HTTP(S) requests through `undici`: one connection pool per endpoint target,
 * with that target's CA bundle and SNI name (`connect: { ca, servername }`). Redirects are never
 * followed — the probes want to see them — and bodies are capped so a hostile server cannot
 * exhaust memory. `undici` is imported on the first request, so `assay check` never loads it.
 */
import { errorMessage } from "../errors.js";
import { isIP } from "node:net";
import type { Agent, Dispatcher } from "undici";

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** Certificate problems are recorded by the TLS probe; other probes may still want the content. */
  readonly insecure?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names lower-cased; repeated headers joined with ", " (except set-cookie). */
  readonly headers: Readonly<Record<string, string>>;
  readonly setCookies: readonly string[];
  /** The first `MAX_BODY` bytes of the body, decoded as UTF-8. */
  readonly body: string;
  /** True when the server sent more than `MAX_BODY` bytes; the rest was not read. */
  readonly truncated: boolean;
}

export interface Transport {
  readonly ca: string | undefined;
  readonly servername: string;
  readonly timeoutMs: number;
}

export interface HttpClient {
  request(url: URL, options: RequestOptions): Promise<HttpResponse>;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

export const MAX_BODY = 1024 * 1024;

/** A client for one target: two pools (verifying and, for `insecure` requests, not verifying), made on first use. */
export function httpClient(t: Transport): HttpClient {
  const agents = new Map<boolean, Promise<Agent>>();
  const agent = (insecure: boolean): Promise<Agent> => {
    let a = agents.get(insecure);
    if (!a) {
      a = import("undici").then(
        ({ Agent }) =>
          new Agent({
            connect: {
              ...(t.ca ? { ca: t.ca } : {}),
              // SNI must be a host name; an IP address is verified against the certificate's IP SANs.
              ...(isIP(t.servername) !== 0 ? {} : { servername: t.servername }),
              rejectUnauthorized: !insecure,
              timeout: t.timeoutMs,
            },
            headersTimeout: t.timeoutMs,
            bodyTimeout: t.timeoutMs,
            connections: 2,
          }),
      );
      agents.set(insecure, a);
    }
    return a;
  };
  return {
    async request(url, o) {
      const dispatcher = await agent(o.insecure === true);
      let res: Dispatcher.ResponseData;
      try {
        res = await dispatcher.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: o.method ?? "GET",
          headers: { "user-agent": "assay-probe", ...o.headers },
          ...(o.body !== undefined ? { body: o.body } : {}),
          signal: o.signal,
        });
      } catch (err) {
        throw describe(err, url, t.timeoutMs);
      }
      return readCapped(res, url, t.timeoutMs);
    },
    async close() {
      const made = [...agents.values()];
      agents.clear();
      for (const a of await Promise.allSettled(made)) if (a.status === "fulfilled") await a.value.close();
    },
  };
}

async function readCapped(res: Dispatcher.ResponseData, url: URL, timeoutMs: number): Promise<HttpResponse> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (size + chunk.length > MAX_BODY) {
        chunks.push(chunk.subarray(0, MAX_BODY - size));
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (err) {
    throw describe(err, url, timeoutMs);
  } finally {
    if (truncated) res.body.destroy();
  }
  const headers: Record<string, string> = {};
  let setCookies: string[] = [];
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    if (k === "set-cookie") setCookies = Array.isArray(v) ? v : [v];
    else headers[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return { status: res.statusCode, headers, setCookies, body: Buffer.concat(chunks).toString("utf8"), truncated };
}

function describe(err: unknown, url: URL, timeoutMs: number): Error {
  const e = err as Error & { code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === "ECONNREFUSED") return new Error(`connection refused by ${url.host}`);
  if (code === "ENOTFOUND") return new Error(`host ${url.hostname} not found`);
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new Error(`no response from ${url.host} within ${timeoutMs} ms`);
  }
  const message = errorMessage(err);
  return new Error(`${url.protocol}//${url.host}: ${message}${code ? ` (${code})` : ""}`);
}
