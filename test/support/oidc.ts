/**
 * @module A real OpenID provider (`oidc-provider`) on loopback for tests and the demo: client
 * credentials grant, JWT access tokens for one resource with a chosen lifetime, RSA signing keys
 * generated at start. `getToken()` performs a real token request.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import Provider from "oidc-provider";

export interface OidcProviderOptions {
  readonly accessTokenTtlSeconds?: number;
  /** Advertised `id_token_signing_alg_values_supported` (oidc-provider's allowed set). */
  readonly idTokenSigningAlgs?: readonly string[];
  /** JWS algorithm of the access tokens (the RSA key serves RS* and PS*). */
  readonly accessTokenAlg?: "RS256" | "PS256";
  /** RSA modulus length of the signing key. */
  readonly rsaBits?: number;
}

export interface RunningOidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly resource: string;
  readonly tokenUrl: string;
  /** A fresh JWT access token from the client credentials grant. */
  getToken(): Promise<string>;
  /**
   * A token signed with the provider's own key (kid rs-1) with the given claims over the usual ones
   * (iss, aud, sub, iat, exp): for tokens the provider would not issue on request, such as an
   * expired one or one for another audience.
   */
  signToken(claims: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

/** The storage interface oidc-provider expects, kept in a Map: enough for one process's tests and demo. */
class MemoryAdapter {
  static readonly store = new Map<string, { payload: Record<string, unknown>; expires: number }>();
  constructor(private readonly model: string) {}
  #key(id: string): string {
    return `${this.model}:${id}`;
  }
  upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
    MemoryAdapter.store.set(this.#key(id), { payload, expires: Date.now() + expiresIn * 1000 });
    return Promise.resolve();
  }
  find(id: string): Promise<Record<string, unknown> | undefined> {
    const hit = MemoryAdapter.store.get(this.#key(id));
    return Promise.resolve(hit && hit.expires > Date.now() ? hit.payload : undefined);
  }
  findByUserCode(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  findByUid(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  consume(id: string): Promise<void> {
    const hit = MemoryAdapter.store.get(this.#key(id));
    if (hit) hit.payload["consumed"] = Math.floor(Date.now() / 1000);
    return Promise.resolve();
  }
  destroy(id: string): Promise<void> {
    MemoryAdapter.store.delete(this.#key(id));
    return Promise.resolve();
  }
  revokeByGrantId(): Promise<void> {
    return Promise.resolve();
  }
}

export async function startOidcProvider(opts: OidcProviderOptions = {}): Promise<RunningOidcProvider> {
  const {
    accessTokenTtlSeconds = 300,
    idTokenSigningAlgs = ["RS256", "PS256"],
    accessTokenAlg = "RS256",
    rsaBits = 2048,
  } = opts;
  // The issuer URL needs the port, so the server listens before the provider exists.
  const route: { handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};
  const server = http.createServer((req, res) => route.handler?.(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resource = "https://api.assay.test";
  const clientId = "assay-probe";
  const clientSecret = `cs-${crypto.randomUUID()}`;

  const { privateKey } = await generateKeyPair("RS256", { modulusLength: rsaBits, extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), use: "sig", kid: "rs-1" };
  const provider = new Provider(issuer, {
    adapter: MemoryAdapter, // our own (tiny) store: the built-in one announces itself as development-only
    cookies: { keys: [crypto.randomUUID()] },
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
      },
    ],
    jwks: { keys: [jwk] },
    enabledJWA: { idTokenSigningAlgValues: [...idTokenSigningAlgs] },
    // The resource server's TTL below decides; this only silences the "default ttl" notice.
    ttl: { ClientCredentials: () => accessTokenTtlSeconds },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "api:read",
          audience: resource,
          accessTokenTTL: accessTokenTtlSeconds,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: accessTokenAlg } },
        }),
      },
    },
  });
  provider.on("server_error", () => undefined);
  route.handler = provider.callback();
  const tokenUrl = `${issuer}/token`;

  return {
    issuer,
    clientId,
    clientSecret,
    resource,
    tokenUrl,
    async getToken() {
      const res = await fetch(tokenUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
        },
        body: new URLSearchParams({ grant_type: "client_credentials", scope: "api:read", resource }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string };
      if (!body.access_token) throw new Error(`token request failed: ${res.status} ${body.error ?? ""}`);
      return body.access_token;
    },
    signToken(claims) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, aud: resource, sub: clientId, iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: "rs-1" })
        .sign(privateKey);
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
