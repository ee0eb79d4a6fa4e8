/**
 * @module TLS ≤ 1.2 cipher-suite enumeration and classification. Enumeration is the elimination
 * scan of sslscan/testssl: offer every suite the local OpenSSL can speak, note the one the server
 * picks, offer the rest again without it, until the server refuses. That is (accepted + 1)
 * handshakes, one at a time, instead of one per candidate.
 */
import { handshake, type HandshakeTarget } from "./handshake.js";

const BASE = "ALL:COMPLEMENTOFALL:!PSK:!SRP";
const MAX_SUITES = 120;

export interface CipherScan {
  readonly accepted: readonly string[];
  /** Set when the scan stopped on a network problem rather than a refusal. */
  readonly error?: string;
}

export async function enumerateTls12Suites(t: HandshakeTarget): Promise<CipherScan> {
  const accepted: string[] = [];
  while (accepted.length < MAX_SUITES) {
    const ciphers = [BASE, ...accepted.map((c) => `!${c}`)].join(":");
    const h = await handshake(t, { minVersion: "TLSv1", maxVersion: "TLSv1.2", ciphers });
    if (!h.ok) return h.network ? { accepted, error: h.reason } : { accepted };
    if (accepted.includes(h.cipher)) return { accepted }; // the server ignored our exclusion; stop
    accepted.push(h.cipher);
  }
  return { accepted };
}

export interface SuiteClass {
  /** Broken: NULL, anonymous, RC4, DES/3DES, EXPORT, MD5 MAC. Always a failure. */
  readonly weak: readonly string[];
  readonly cbc: boolean;
  readonly forwardSecret: boolean;
}

/** Classify an OpenSSL suite name (e.g. `ECDHE-RSA-AES128-GCM-SHA256`, `ADH-AES128-SHA`). */
export function classifySuite(name: string): SuiteClass {
  const n = name.toUpperCase();
  const weak: string[] = [];
  if (n.includes("NULL")) weak.push("NULL");
  if (/^(ADH|AECDH)-/.test(n) || n.includes("ANON")) weak.push("anonymous");
  if (n.includes("RC4")) weak.push("RC4");
  if (n.includes("DES-CBC3") || n.includes("3DES")) weak.push("3DES");
  else if (/(^|-)DES(-|$)|DES-CBC/.test(n)) weak.push("DES");
  if (n.startsWith("EXP")) weak.push("EXPORT");
  if (n.endsWith("-MD5")) weak.push("MD5");
  const aead = /GCM|CHACHA20|CCM|^TLS_/.test(n);
  const cbc = !aead && !n.includes("NULL") && !n.includes("RC4");
  const forwardSecret = /^TLS_|^(ECDHE|DHE|EDH)-/.test(n);
  return { weak, cbc, forwardSecret };
}
