/**
 * @module What an API shows to a stranger: CORS answers to an unknown origin (one preflight, one
 * GET), whether TRACE is served, and whether error responses (an unknown path, a malformed
 * percent-encoding) carry stack traces or framework banners. Five requests.
 */
import { randomBytes } from "node:crypto";
import type { HttpResponse } from "../../targets/http.js";
import { disclosesVersion } from "../http_security/headers.js";
import type { RequestBudget } from "./budget.js";

export const PROBE_ORIGIN = "https://assay-probe.invalid";

export interface CorsObservation {
  readonly preflightStatus: number;
  readonly allowOrigin: string | null;
  readonly allowCredentials: boolean;
  readonly verdict: "wildcard_with_credentials" | "reflected" | "strict";
}

export async function observeCors(b: RequestBudget, url: URL): Promise<CorsObservation> {
  const pre = await b.send("cors", url, {
    method: "OPTIONS",
    headers: {
      origin: PROBE_ORIGIN,
      "access-control-request-method": "GET",
      "access-control-request-headers": "authorization",
    },
  });
  const get = await b.send("cors", url, { headers: { origin: PROBE_ORIGIN } });
  const acao = get.headers["access-control-allow-origin"] ?? pre.headers["access-control-allow-origin"] ?? null;
  const creds =
    (get.headers["access-control-allow-credentials"] ?? pre.headers["access-control-allow-credentials"]) === "true";
  const verdict = acao === "*" && creds ? "wildcard_with_credentials" : acao === PROBE_ORIGIN ? "reflected" : "strict";
  return { preflightStatus: pre.status, allowOrigin: acao, allowCredentials: creds, verdict };
}

const STACK_TRACE: readonly RegExp[] = [
  /\n\s*at [\w$.<>[\] ]+ \(?(?:file:\/\/|\/|[A-Z]:\\|node:)[^)\n]*:\d+:\d+\)?/, // Node / V8
  /Traceback \(most recent call last\)/, // Python
  /\bat [\w$.]+\([\w]+\.java:\d+\)/, // Java
  /<b>(?:Fatal error|Warning)<\/b>:.* on line <b>\d+<\/b>/, // PHP
  /\bSystem\.[\w.]+Exception\b.*\n\s+at /, // .NET
];
const BANNERS: readonly [RegExp, string][] = [
  [/<pre>Cannot (?:GET|HEAD|POST) \//, "Express default error page"],
  [/Whitelabel Error Page/, "Spring Boot default error page"],
  [/Werkzeug Debugger|Django Version:/, "Python framework debug page"],
  [/Apache Tomcat\/\d|Apache\/\d[\d.]* \(|nginx\/\d|Microsoft-IIS\/\d/, "server version in the error page"],
];

export interface ErrorObservation {
  readonly probe: string;
  readonly status: number;
  readonly leaks: readonly string[];
}

function leaksOf(res: HttpResponse): string[] {
  const out: string[] = [];
  if (STACK_TRACE.some((r) => r.test(res.body))) out.push("stack trace");
  for (const [r, what] of BANNERS) if (r.test(res.body)) out.push(what);
  for (const h of ["x-powered-by", "server", "x-aspnet-version"]) {
    const v = res.headers[h];
    if (v !== undefined && (h === "x-powered-by" || disclosesVersion(v))) out.push(`${h} header`);
  }
  return out;
}

export async function observeErrors(b: RequestBudget, url: URL): Promise<ErrorObservation[]> {
  const unknown = new URL(`/assay-probe-${randomBytes(6).toString("hex")}`, url);
  const malformed = new URL(url.href);
  malformed.pathname = `${malformed.pathname.replace(/\/$/, "")}/%E0%A4%A`;
  const out: ErrorObservation[] = [];
  for (const [probe, u] of [
    ["unknown path", unknown],
    ["malformed percent-encoding", malformed],
  ] as const) {
    const res = await b.send("errors", u);
    out.push({ probe, status: res.status, leaks: [...new Set(leaksOf(res))] });
  }
  return out;
}

export async function observeTrace(b: RequestBudget, url: URL): Promise<number> {
  return (await b.send("trace", url, { method: "TRACE" })).status;
}
