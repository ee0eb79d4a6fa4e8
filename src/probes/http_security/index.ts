/**
 * @module Probe `http_security`: response security headers of one HTTPS URL, the plain-HTTP
 * redirect, and session-cookie attributes. Two requests at most; certificate trust is the
 * `tls_endpoint` probe's concern, so these requests do not stop at an untrusted certificate.
 */
import { errorMessage } from "../../errors.js";
import type { JsonObject } from "../../model/json.js";
import type { HttpResponse } from "../../targets/http.js";
import { Type } from "@sinclair/typebox";
import { defineProbe, type ParamsOf, type ProbeFinding } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { BANNER_HEADERS, cookieProblems, disclosesVersion, parseHsts, parseSetCookie } from "./headers.js";

const params = paramsObject({
  hsts_min_max_age: withDefault(Frag.count(), 31_536_000),
  hsts_include_subdomains: withDefault(Type.Boolean(), false),
  /** Case-insensitive regular expression for session-cookie names. */
  session_cookie_pattern: withDefault(Type.String({ minLength: 1 }), "sess|sid|token|auth|jwt"),
});

export type HttpParams = ParamsOf<typeof params>;

const MESSAGES = {
  notHttps: "{{url}} is not served over HTTPS",
  hstsOk: "HSTS max-age={{maxAge}}{{sub}}",
  hstsMissing: "No Strict-Transport-Security header",
  hstsShort: "HSTS max-age={{maxAge}} is below {{min}}",
  hstsNoSubdomains: "HSTS lacks includeSubDomains",
  redirectOk: "{{from}} redirects ({{status}}) to HTTPS",
  redirectMissing: "{{from}} answers {{status}} without redirecting to HTTPS{{location}}",
  httpClosed: "Plain HTTP is not served at {{from}}",
  httpUnknown: "No plain-HTTP URL configured or derivable",
  httpError: "Plain-HTTP check failed: {{reason}}",
  noBanner: "No software version disclosed in response headers",
  banner: "Version disclosed: {{headers}}",
  cspOk: "Content-Security-Policy present",
  cspMissing: "No Content-Security-Policy header{{reportOnly}}",
  cookiesOk: "{{count}} session cookie(s) are Secure, HttpOnly and SameSite",
  cookieBad: "Cookie {{cookie}} lacks {{missing}}",
  noCookies: "No session cookie set by {{url}}",
} as const;

const ASPECTS = {
  hsts: "Strict-Transport-Security with at least the minimum max-age (and includeSubDomains when required)",
  https_redirect: "Plain HTTP redirects to HTTPS (or is not served)",
  version_disclosure: "Server / X-Powered-By headers carry no version numbers",
  csp: "A Content-Security-Policy header is sent",
  cookies: "Session cookies are Secure, HttpOnly and SameSite=Lax|Strict",
} as const;

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

function hstsFinding(res: HttpResponse, p: HttpParams): F {
  const h = parseHsts(res.headers["strict-transport-security"]);
  const min = p.hsts_min_max_age;
  if (!h || h.maxAge === null) return { aspect: "hsts", status: "fail", messageId: "hstsMissing" };
  if (h.maxAge < min)
    return { aspect: "hsts", status: "fail", messageId: "hstsShort", data: { maxAge: h.maxAge, min } };
  if (p.hsts_include_subdomains && !h.includeSubDomains)
    return { aspect: "hsts", status: "fail", messageId: "hstsNoSubdomains" };
  return {
    aspect: "hsts",
    status: "pass",
    messageId: "hstsOk",
    data: { maxAge: h.maxAge, sub: h.includeSubDomains ? "; includeSubDomains" : "" },
  };
}

export default defineProbe({
  meta: {
    id: "http_security",
    version: "1.0.0",
    title: "HTTP security headers",
    description:
      "One GET of the HTTPS URL and one of its plain-HTTP twin: HSTS, HTTPS redirect, version banners, CSP and session-cookie attributes.",
    targetTypes: ["endpoint"],
    params,
    privileges: ["anonymous HTTP(S) GET of the configured URL"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run({ params: p, target: { handle: h }, signal }) {
    const url = h.url.href;
    if (h.url.protocol !== "https:") {
      return {
        facts: { url, https: false },
        findings: [{ aspect: "hsts", status: "fail", messageId: "notHttps", data: { url } }],
      };
    }
    const res = await h.request(h.url, { signal, insecure: true });
    const findings: F[] = [hstsFinding(res, p)];

    const redirect: JsonObject = {};
    if (!h.httpUrl) findings.push({ aspect: "https_redirect", status: "not_applicable", messageId: "httpUnknown" });
    else {
      const from = h.httpUrl.href;
      redirect["url"] = from;
      try {
        const plain = await h.request(h.httpUrl, { signal });
        const location = plain.headers["location"] ?? "";
        redirect["status"] = plain.status;
        redirect["location"] = location;
        const ok = [301, 302, 303, 307, 308].includes(plain.status) && /^https:\/\//i.test(location);
        findings.push(
          ok
            ? {
                aspect: "https_redirect",
                status: "pass",
                messageId: "redirectOk",
                data: { from, status: plain.status },
              }
            : {
                aspect: "https_redirect",
                status: "fail",
                messageId: "redirectMissing",
                data: { from, status: plain.status, location: location ? ` (Location: ${location})` : "" },
              },
        );
      } catch (err) {
        const reason = errorMessage(err);
        redirect["error"] = reason;
        findings.push(
          /connection refused/.test(reason)
            ? { aspect: "https_redirect", status: "pass", messageId: "httpClosed", data: { from } }
            : { aspect: "https_redirect", status: "error", messageId: "httpError", data: { reason } },
        );
      }
    }

    const banners = BANNER_HEADERS.filter((n) => res.headers[n] !== undefined).map(
      (n) => `${n}: ${res.headers[n] ?? ""}`,
    );
    const leaking = banners.filter((b) => disclosesVersion(b.slice(b.indexOf(":") + 1)));
    findings.push(
      leaking.length > 0
        ? { aspect: "version_disclosure", status: "fail", messageId: "banner", data: { headers: leaking.join("; ") } }
        : { aspect: "version_disclosure", status: "pass", messageId: "noBanner" },
    );

    const csp = res.headers["content-security-policy"];
    const reportOnly = res.headers["content-security-policy-report-only"] !== undefined;
    findings.push(
      csp
        ? { aspect: "csp", status: "pass", messageId: "cspOk" }
        : {
            aspect: "csp",
            status: "fail",
            messageId: "cspMissing",
            data: { reportOnly: reportOnly ? " (only Report-Only)" : "" },
          },
    );

    const pattern = new RegExp(p.session_cookie_pattern, "i");
    const cookies = res.setCookies.map(parseSetCookie);
    const session = cookies.filter((c) => pattern.test(c.name));
    for (const c of session) {
      const missing = cookieProblems(c);
      if (missing.length > 0)
        findings.push({
          aspect: "cookies",
          status: "fail",
          messageId: "cookieBad",
          subject: c.name,
          data: { cookie: c.name, missing: missing.join(", ") },
        });
    }
    if (session.length === 0)
      findings.push({ aspect: "cookies", status: "not_applicable", messageId: "noCookies", data: { url } });
    else if (!findings.some((f) => f.aspect === "cookies"))
      findings.push({ aspect: "cookies", status: "pass", messageId: "cookiesOk", data: { count: session.length } });

    const facts: JsonObject = {
      url,
      status: res.status,
      hsts: res.headers["strict-transport-security"] ?? null,
      csp: csp ? csp.slice(0, 500) : null,
      banners,
      cookies: cookies.map((c) => ({ ...c, session: pattern.test(c.name) })),
      redirect,
    };
    return { facts, findings };
  },
});
