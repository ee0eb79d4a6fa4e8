/**
 * @module `endpoint` targets: a URL reached over TLS/HTTP(S) — a web site, an API, or an OpenID
 * provider (then `url` is the issuer). Opening is lazy: nothing is contacted until a probe asks.
 * OIDC is folded in here rather than being its own type: it is the same connection (URL, SNI, CA)
 * plus optional token sources for the JWT probe.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Static, Type } from "@sinclair/typebox";
import type { JsonObject } from "../model/json.js";
import { closedObject, withDefault } from "../schema/typebox.js";
import { httpClient, type HttpResponse, type RequestOptions } from "./http.js";
import { defineConnector } from "./types.js";

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

function deriveHttpUrl(url: URL, configured: string | undefined): URL | undefined {
  if (configured) return new URL(configured);
  if (url.protocol !== "https:" || (url.port !== "" && url.port !== "443")) return undefined;
  const u = new URL(url.href);
  u.protocol = "http:";
  return u;
}

const httpUrl = (description: string) => Type.String({ pattern: "^https?://", description });

export const endpointConnection = closedObject({
  url: httpUrl("https:// (or http://) URL of the site, API or OIDC issuer."),
  servername: Type.Optional(
    Type.String({ minLength: 1, description: "SNI and certificate name to verify; defaults to the URL host." }),
  ),
  ca: Type.Optional(
    Type.String({
      minLength: 1,
      description: "PEM CA bundle path (relative to the project file); default: system store.",
    }),
  ),
  timeout_ms: withDefault(Type.Integer({ minimum: 100, maximum: 60000, description: "Per-connection timeout." }), 5000),
  http_url: Type.Optional(
    Type.String({ pattern: "^http://", description: "Plain-HTTP URL expected to redirect to HTTPS." }),
  ),
  issuer: Type.Optional(httpUrl("Expected OIDC issuer; defaults to url.")),
  tokens: withDefault(Type.Array(Type.String(), { description: "Sample JWTs as ${env:…}/${file:…} references." }), []),
  client_credentials: Type.Optional(
    closedObject({
      client_id: Type.String(),
      client_secret: Type.String({ description: "A ${env:…}/${file:…} reference." }),
      token_url: Type.Optional(Type.String({ pattern: "^https?://" })),
      scope: Type.Optional(Type.String()),
      resource: Type.Optional(Type.String()),
    }),
  ),
  client_certificate: Type.Optional(
    closedObject(
      {
        cert: Type.String({ minLength: 1, description: "PEM certificate path (relative to the project file)." }),
        private_key: Type.String({ description: "The PEM private key as a ${env:…}/${file:…} reference." }),
      },
      { description: "Client certificate for mutual TLS (probe mtls_required)." },
    ),
  ),
});

type ClientCredentialsConnection = NonNullable<Static<typeof endpointConnection>["client_credentials"]>;

function clientCredentials(c: ClientCredentialsConnection | undefined): ClientCredentials | undefined {
  if (!c) return undefined;
  const nonEmpty = (v: string | undefined) => (v === "" ? undefined : v);
  return {
    clientId: c.client_id,
    clientSecret: c.client_secret,
    tokenUrl: nonEmpty(c.token_url),
    scope: nonEmpty(c.scope),
    resource: nonEmpty(c.resource),
  };
}

export const endpointConnector = defineConnector({
  type: "endpoint",
  connectionSchema: endpointConnection,
  describe(c) {
    const out: JsonObject = { url: c.url };
    for (const k of ["servername", "ca", "issuer", "http_url"] as const) {
      const v = c[k];
      if (v) out[k] = v;
    }
    return out;
  },
  async open(c, { baseDir }): Promise<EndpointHandle> {
    const url = new URL(c.url);
    let ca: string | undefined;
    if (c.ca) {
      const abs = resolve(baseDir, c.ca);
      try {
        ca = await readFile(abs, "utf8");
      } catch (err) {
        throw new Error(`CA bundle ${abs} cannot be read (${(err as NodeJS.ErrnoException).code ?? "unreadable"})`);
      }
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const servername = c.servername ?? host;
    const timeoutMs = c.timeout_ms;
    // A reference that resolved to nothing is no sample token.
    const tokens = c.tokens.filter((t) => t !== "");
    const http = httpClient({ ca, servername, timeoutMs });
    const cc = c.client_certificate;
    let clientCertificate: { cert: string; key: string } | undefined;
    if (cc) {
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
      httpUrl: deriveHttpUrl(url, c.http_url),
      issuer: (c.issuer || url.href).replace(/\/$/, ""),
      timeoutMs,
      tokens,
      clientCredentials: clientCredentials(c.client_credentials),
      clientCertificate,
      request: (target, options) => http.request(target, options),
      close: () => http.close(),
    };
  },
  close: (h) => h.close(),
});
