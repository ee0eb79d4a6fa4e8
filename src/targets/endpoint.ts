/**
 * @module `endpoint` targets: a URL reached over TLS/HTTP(S) — a web site, an API, or an OpenID
 * provider (then `url` is the issuer). Opening is lazy: nothing is contacted until a probe asks.
 * OIDC is folded in here rather than being its own type: it is the same connection (URL, SNI, CA)
 * plus optional token sources for the JWT probe.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { JsonObject } from "../model/json.js";
import { httpClient, type HttpResponse, type RequestOptions } from "./http.js";
import type { TargetConnector } from "./types.js";

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Token endpoint; taken from the discovery document when absent. */
  readonly tokenUrl: string | undefined;
  readonly scope: string | undefined;
  /** RFC 8707 resource indicator (some providers only issue JWT access tokens for a resource). */
  readonly resource: string | undefined;
}

export interface EndpointHandle {
  readonly url: URL;
  readonly host: string;
  readonly port: number;
  /** Name sent as SNI and verified against the certificate; the URL host when absent. */
  readonly servername: string;
  /** PEM CA bundle to trust instead of the system store. */
  readonly ca: string | undefined;
  /** Plain-HTTP URL to check for a redirect: configured, or derived from an https URL on port 443. */
  readonly httpUrl: URL | undefined;
  /** Expected OIDC issuer: `issuer` from the connection, else the URL without a trailing slash. */
  readonly issuer: string;
  readonly timeoutMs: number;
  /** Sample tokens (secrets: never put them in facts or messages). */
  readonly tokens: readonly string[];
  readonly clientCredentials: ClientCredentials | undefined;
  /** Client certificate (PEM) and its private key (a secret: never in facts or messages) for mutual TLS. */
  readonly clientCertificate: { readonly cert: string; readonly key: string } | undefined;
  /** One bounded HTTP(S) request with this endpoint's CA and SNI; never follows redirects. */
  request(url: URL, options: RequestOptions): Promise<HttpResponse>;
  /** Closes the endpoint's pooled HTTP connections. */
  close(): Promise<void>;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function deriveHttpUrl(url: URL, configured: string | undefined): URL | undefined {
  if (configured) return new URL(configured);
  if (url.protocol !== "https:" || (url.port !== "" && url.port !== "443")) return undefined;
  const u = new URL(url.href);
  u.protocol = "http:";
  return u;
}

function clientCredentials(c: unknown): ClientCredentials | undefined {
  if (!c || typeof c !== "object") return undefined;
  const o = c as Record<string, unknown>;
  return {
    clientId: String(o["client_id"]),
    clientSecret: String(o["client_secret"]),
    tokenUrl: str(o["token_url"]),
    scope: str(o["scope"]),
    resource: str(o["resource"]),
  };
}

export const endpointConnector: TargetConnector<"endpoint", EndpointHandle> = {
  type: "endpoint",
  connectionSchema: {
    type: "object",
    required: ["url"],
    additionalProperties: false,
    properties: {
      url: {
        type: "string",
        pattern: "^https?://",
        description: "https:// (or http://) URL of the site, API or OIDC issuer.",
      },
      servername: {
        type: "string",
        minLength: 1,
        description: "SNI and certificate name to verify; defaults to the URL host.",
      },
      ca: {
        type: "string",
        minLength: 1,
        description: "PEM CA bundle path (relative to the project file); default: system store.",
      },
      timeout_ms: {
        type: "integer",
        minimum: 100,
        maximum: 60000,
        description: "Per-connection timeout; default 5000.",
      },
      http_url: { type: "string", pattern: "^http://", description: "Plain-HTTP URL expected to redirect to HTTPS." },
      issuer: { type: "string", pattern: "^https?://", description: "Expected OIDC issuer; defaults to url." },
      tokens: {
        type: "array",
        items: { type: "string" },
        description: "Sample JWTs as ${env:…}/${file:…} references.",
      },
      client_credentials: {
        type: "object",
        required: ["client_id", "client_secret"],
        additionalProperties: false,
        properties: {
          client_id: { type: "string" },
          client_secret: { type: "string", description: "A ${env:…}/${file:…} reference." },
          token_url: { type: "string", pattern: "^https?://" },
          scope: { type: "string" },
          resource: { type: "string" },
        },
      },
      client_certificate: {
        type: "object",
        required: ["cert", "private_key"],
        additionalProperties: false,
        description: "Client certificate for mutual TLS (probe mtls_required).",
        properties: {
          cert: { type: "string", minLength: 1, description: "PEM certificate path (relative to the project file)." },
          private_key: { type: "string", description: "The PEM private key as a ${env:…}/${file:…} reference." },
        },
      },
    },
  },
  describe(c: JsonObject) {
    const out: JsonObject = { url: str(c["url"]) ?? "" };
    for (const k of ["servername", "ca", "issuer", "http_url"]) {
      const v = str(c[k]);
      if (v) out[k] = v;
    }
    return out;
  },
  async open(c, { baseDir }) {
    const url = new URL(str(c["url"]) ?? "");
    const caPath = str(c["ca"]);
    let ca: string | undefined;
    if (caPath) {
      const abs = resolve(baseDir, caPath);
      try {
        ca = await readFile(abs, "utf8");
      } catch (err) {
        throw new Error(`CA bundle ${abs} cannot be read (${(err as NodeJS.ErrnoException).code ?? "unreadable"})`);
      }
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const servername = str(c["servername"]) ?? host;
    const timeoutMs = typeof c["timeout_ms"] === "number" ? c["timeout_ms"] : 5000;
    const tokens = Array.isArray(c["tokens"])
      ? c["tokens"].filter((t): t is string => typeof t === "string" && t !== "")
      : [];
    const http = httpClient({ ca, servername, timeoutMs });
    const cc = c["client_certificate"] as { cert?: unknown; private_key?: unknown } | undefined;
    let clientCertificate: { cert: string; key: string } | undefined;
    if (cc && typeof cc.cert === "string" && typeof cc.private_key === "string") {
      const abs = resolve(baseDir, cc.cert);
      const cert = await readFile(abs, "utf8").catch((err: NodeJS.ErrnoException) => {
        throw new Error(`client certificate ${abs} cannot be read (${err.code ?? "unreadable"})`);
      });
      clientCertificate = { cert, key: cc.private_key };
    }
    return {
      url,
      host,
      port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
      servername,
      ca,
      httpUrl: deriveHttpUrl(url, str(c["http_url"])),
      issuer: (str(c["issuer"]) ?? url.href).replace(/\/$/, ""),
      timeoutMs,
      tokens,
      clientCredentials: clientCredentials(c["client_credentials"]),
      clientCertificate,
      request: (target, options) => http.request(target, options),
      close: () => http.close(),
    };
  },
  close: (h) => h.close(),
};
