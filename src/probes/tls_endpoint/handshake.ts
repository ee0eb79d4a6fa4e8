/**
 * @module One TLS handshake with chosen protocol bounds and cipher list, then an immediate close.
 * The client deliberately allows everything OpenSSL can still speak (`minVersion: TLSv1`,
 * `@SECLEVEL=0`): a client that refuses legacy protocols itself would report a server that
 * accepts them as "refusing" — a false pass.
 *
 * A probe makes some thirty handshakes per endpoint, so what only one of them needs is not paid by
 * the others: the secure context (CA bundle parsed, protocol bounds and cipher list set) is shared by
 * every handshake with the same options, and only a handshake that asks for `certificates` verifies
 * and reads the chain. The others trust no CA at all (an empty store), so Node skips its own
 * identity check, which would otherwise convert the whole chain to objects on every handshake.
 */
import { isIP } from "node:net";
import { X509Certificate } from "node:crypto";
import tls from "node:tls";

export interface HandshakeTarget {
  readonly host: string;
  readonly port: number;
  readonly servername: string;
  readonly ca: string | undefined;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export interface HandshakeOptions {
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
  /** OpenSSL cipher string for TLS ≤ 1.2; `@SECLEVEL=0` is appended. */
  readonly ciphers?: string;
  /** Read the presented certificate chain (`cert`, `chain`); a scan handshake needs only the suite. */
  readonly certificates?: boolean;
}

export interface Peer {
  readonly cert: X509Certificate | undefined;
  readonly chain: readonly X509Certificate[];
  readonly authorized: boolean;
  readonly authorizationError: string | undefined;
}

export type Handshake =
  | {
      readonly ok: true;
      readonly protocol: string;
      readonly cipher: string;
      readonly cipherStandardName: string;
      /** The presented chain and its verification; only when `certificates` was asked for. */
      readonly peer?: Peer;
      readonly ephemeral: { readonly type?: string; readonly name?: string; readonly size?: number };
    }
  /** `network` is true when the server could not be reached at all (not a TLS-level refusal). */
  | { readonly ok: false; readonly network: boolean; readonly reason: string };

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/**
 * The presented chain, leaf first, from `getPeerCertificate(true)` (issuers through
 * `issuerCertificate`). Read once: on Node 20, after `getPeerX509Certificate()` has been called the
 * detailed certificate comes back empty, and a second `getPeerX509Certificate()` returns undefined.
 */
function chainOf(socket: tls.TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let detailed: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (detailed?.raw && !seen.has(detailed.fingerprint256)) {
    seen.add(detailed.fingerprint256);
    out.push(new X509Certificate(detailed.raw));
    detailed = detailed.issuerCertificate;
  }
  return out;
}

/** Secure contexts by options, least recently used first; a scan repeats the same few dozen. */
const contexts = new Map<string, tls.SecureContext>();
const CONTEXTS_KEPT = 64;

function secureContext(ca: string | undefined, o: HandshakeOptions): tls.SecureContext {
  const options: tls.SecureContextOptions = {
    // `ca: []` is an empty store (absent `ca` means the system store).
    ...(o.certificates ? (ca ? { ca } : {}) : { ca: [] }),
    minVersion: o.minVersion ?? "TLSv1",
    maxVersion: o.maxVersion ?? "TLSv1.3",
    ciphers: `${o.ciphers ?? "ALL:COMPLEMENTOFALL"}:@SECLEVEL=0`,
  };
  const key = `${options.minVersion}|${options.maxVersion}|${options.ciphers}|${o.certificates ? `ca:${ca ?? "system"}` : "none"}`;
  let context = contexts.get(key);
  if (context) contexts.delete(key);
  else context = tls.createSecureContext(options);
  contexts.set(key, context);
  if (contexts.size > CONTEXTS_KEPT) contexts.delete(contexts.keys().next().value as string);
  return context;
}

export function handshake(t: HandshakeTarget, o: HandshakeOptions = {}): Promise<Handshake> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({
      host: t.host,
      port: t.port,
      ...(isIP(t.servername) !== 0 ? {} : { servername: t.servername }),
      secureContext: secureContext(t.ca, o),
      rejectUnauthorized: false,
      // Chain trust only: the name is judged separately, so a mismatch does not read as "untrusted".
      checkServerIdentity: () => undefined,
      timeout: t.timeoutMs,
    });
    const done = (h: Handshake): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      t.signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(h);
    };
    const onAbort = (): void => done({ ok: false, network: true, reason: "aborted" });
    const timer = setTimeout(
      () =>
        done({
          ok: false,
          network: true,
          reason: `no TLS handshake with ${t.host}:${t.port} within ${t.timeoutMs} ms`,
        }),
      t.timeoutMs,
    );
    t.signal.addEventListener("abort", onAbort, { once: true });
    socket.once("secureConnect", () => {
      const cipher = socket.getCipher();
      const chain = o.certificates ? chainOf(socket) : [];
      done({
        ok: true,
        protocol: socket.getProtocol() ?? "unknown",
        cipher: cipher.name,
        cipherStandardName: cipher.standardName,
        ...(o.certificates
          ? {
              peer: {
                cert: chain[0],
                chain,
                authorized: socket.authorized,
                authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
              },
            }
          : {}),
        ephemeral: socket.getEphemeralKeyInfo() ?? {},
      });
    });
    socket.once("error", (err: NodeJS.ErrnoException) => {
      const code = err.code ?? "";
      const network = NETWORK_CODES.has(code);
      const reason =
        code === "ECONNREFUSED"
          ? `connection refused by ${t.host}:${t.port}`
          : `${err.message.split("\n")[0] ?? "error"}${code ? ` (${code})` : ""}`;
      done({ ok: false, network, reason });
    });
    socket.once("close", () => done({ ok: false, network: false, reason: "connection closed during handshake" }));
  });
}
