/**
 * @module Cipher-suite enumeration at one protocol version, and classification. TLS ≤ 1.2 uses the
 * elimination scan of sslscan/testssl: offer every suite the local OpenSSL can speak at that
 * version, note the one the server picks, offer the rest again without it, until the server
 * refuses — (accepted + 1) handshakes, one at a time. TLS 1.3 has five suites; they are eliminated
 * the same way. Each accepted version is scanned on its own, because a server (or a load balancer
 * in front of several) may offer a weak suite only on a legacy version.
 */
import type { SecureVersion } from "node:tls";
import { handshake, type HandshakeTarget } from "./handshake.js";

const BASE = "ALL:COMPLEMENTOFALL:!PSK:!SRP";
const MAX_SUITES = 120;

/** The TLS 1.3 suites of RFC 8446 (and OpenSSL). */
export const TLS13_SUITES: readonly string[] = [
  "TLS_AES_128_GCM_SHA256",
  "TLS_AES_256_GCM_SHA384",
  "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_AES_128_CCM_SHA256",
  "TLS_AES_128_CCM_8_SHA256",
];

export interface CipherScan {
  readonly accepted: readonly string[];
  /** Set when the scan stopped on a network problem rather than a refusal. */
  readonly error?: string;
}

/** The suites a server accepts at exactly `version`, in the order it picked them. */
export async function enumerateSuites(t: HandshakeTarget, version: SecureVersion): Promise<CipherScan> {
  const accepted: string[] = [];
  const tls13 = version === "TLSv1.3";
  while (accepted.length < MAX_SUITES) {
    const ciphers = tls13
      ? // the TLS ≤ 1.2 list stays non-empty so OpenSSL accepts the string; it is unused at 1.3
        [...TLS13_SUITES.filter((s) => !accepted.includes(s)), BASE].join(":")
      : [BASE, ...accepted.map((c) => `!${c}`)].join(":");
    if (tls13 && accepted.length === TLS13_SUITES.length) return { accepted };
    const h = await handshake(t, { minVersion: version, maxVersion: version, ciphers });
    if (!h.ok) return h.network ? { accepted, error: h.reason } : { accepted };
    if (accepted.includes(h.cipher)) return { accepted }; // the server ignored our exclusion; stop
    accepted.push(h.cipher);
  }
  return { accepted };
}

export interface SuiteClass {
  /** Broken: NULL, anonymous, RC4, DES/3DES, EXPORT, MD5 MAC, CCM_8 (64-bit tag). Always a failure. */
  readonly weak: readonly string[];
  readonly cbc: boolean;
  readonly forwardSecret: boolean;
}

/** Classify a suite by its OpenSSL or IANA name (`ECDHE-RSA-AES128-GCM-SHA256`, `TLS_AES_128_CCM_8_SHA256`). */
export function classifySuite(name: string): SuiteClass {
  const n = name.toUpperCase();
  const weak: string[] = [];
  if (n.includes("NULL")) weak.push("NULL");
  if (/^(ADH|AECDH)-/.test(n) || n.includes("ANON")) weak.push("anonymous");
  if (n.includes("RC4")) weak.push("RC4");
  if (n.includes("DES-CBC3") || n.includes("3DES")) weak.push("3DES");
  else if (/(^|-)DES(-|$)|DES-CBC|_DES_|DES40/.test(n)) weak.push("DES");
  if (n.startsWith("EXP") || n.includes("_EXPORT")) weak.push("EXPORT");
  if (n.endsWith("-MD5") || n.endsWith("_MD5")) weak.push("MD5");
  if (/CCM_?8/.test(n)) weak.push("CCM_8");
  const aead = /GCM|CHACHA20|CCM|^TLS_AES_/.test(n);
  const cbc = !aead && !n.includes("NULL") && !n.includes("RC4");
  const forwardSecret = /^TLS_(AES|CHACHA20)_|^(ECDHE|DHE|EDH)-|_(EC)?DHE_/.test(n);
  return { weak, cbc, forwardSecret };
}
