/**
 * @module One bounded HTTP(S) request through node:http/https (not fetch: fetch cannot take a CA
 * bundle or SNI name per request without undici internals). Redirects are never followed — the
 * probes want to see them — and bodies are capped so a hostile server cannot exhaust memory.
 */
import http from "node:http";
import https from "node:https";

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
  readonly body: string;
}

export interface Transport {
  readonly ca: string | undefined;
  readonly servername: string;
  readonly timeoutMs: number;
}

const MAX_BODY = 1024 * 1024;

export function httpRequest(url: URL, t: Transport, o: RequestOptions): Promise<HttpResponse> {
  const secure = url.protocol === "https:";
  const mod = secure ? https : http;
  const tlsOptions = secure
    ? {
        ...(t.ca ? { ca: t.ca } : {}),
        ...(/^[\d.]+$|:/.test(t.servername) ? {} : { servername: t.servername }),
        rejectUnauthorized: o.insecure !== true,
      }
    : {};
  return new Promise((resolvePromise, reject) => {
    const req = mod.request(
      url,
      {
        method: o.method ?? "GET",
        headers: { "user-agent": "assay-probe", ...o.headers },
        signal: o.signal,
        timeout: t.timeoutMs,
        agent: false,
        ...tlsOptions,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY) chunks.push(c);
        });
        res.on("error", reject);
        res.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined && k !== "set-cookie") headers[k] = Array.isArray(v) ? v.join(", ") : v;
          }
          resolvePromise({
            status: res.statusCode ?? 0,
            headers,
            setCookies: res.headers["set-cookie"] ?? [],
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no response from ${url.host} within ${t.timeoutMs} ms`)));
    req.on("error", (err) => reject(describe(err, url)));
    req.end(o.body);
  });
}

function describe(err: Error, url: URL): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return new Error(`connection refused by ${url.host}`);
  if (code === "ENOTFOUND") return new Error(`host ${url.hostname} not found`);
  return new Error(`${url.protocol}//${url.host}: ${err.message}${code ? ` (${code})` : ""}`);
}
