/**
 * @module One TLS handshake with chosen protocol bounds and cipher list, then an immediate close.
 * The client deliberately allows everything OpenSSL can still speak (`minVersion: TLSv1`,
 * `@SECLEVEL=0`): a client that refuses legacy protocols itself would report a server that
 * accepts them as "refusing" — a false pass.
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
}

export type Handshake =
  | {
      readonly ok: true;
      readonly protocol: string;
      readonly cipher: string;
      readonly cipherStandardName: string;
      readonly cert: X509Certificate | undefined;
      readonly chain: readonly X509Certificate[];
      readonly authorized: boolean;
      readonly authorizationError: string | undefined;
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

export function handshake(t: HandshakeTarget, o: HandshakeOptions = {}): Promise<Handshake> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({
      host: t.host,
      port: t.port,
      ...(isIP(t.servername) !== 0 ? {} : { servername: t.servername }),
      ...(t.ca ? { ca: t.ca } : {}),
      rejectUnauthorized: false,
      // Chain trust only: the name is judged separately, so a mismatch does not read as "untrusted".
      checkServerIdentity: () => undefined,
      minVersion: o.minVersion ?? "TLSv1",
      maxVersion: o.maxVersion ?? "TLSv1.3",
      ciphers: `${o.ciphers ?? "ALL:COMPLEMENTOFALL"}:@SECLEVEL=0`,
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
      const chain = chainOf(socket);
      done({
        ok: true,
        protocol: socket.getProtocol() ?? "unknown",
        cipher: cipher.name,
        cipherStandardName: cipher.standardName,
        cert: chain[0],
        chain,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
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
