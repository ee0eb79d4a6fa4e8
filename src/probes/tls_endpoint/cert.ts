/**
 * @module Facts about the server certificate: validity, key, signature algorithm, name match.
 * Node's X509Certificate does not expose the signature algorithm, so it is read from the DER
 * (Certificate → signatureAlgorithm → OID): a dozen lines instead of an ASN.1 library at start-up.
 */
import type { X509Certificate } from "node:crypto";

const SIG_OIDS: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.10": "rsassaPss",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.3.101.112": "Ed25519",
  "1.3.101.113": "Ed448",
};

/** Signature algorithms acceptable for certificates (Mozilla guidelines; CA/B Forum BRs). */
export const STRONG_SIGNATURES: ReadonlySet<string> = new Set([
  "sha256WithRSAEncryption",
  "sha384WithRSAEncryption",
  "sha512WithRSAEncryption",
  "rsassaPss",
  "ecdsa-with-SHA256",
  "ecdsa-with-SHA384",
  "ecdsa-with-SHA512",
  "Ed25519",
  "Ed448",
]);

/** Read a DER header at `at`: returns the content start and length. */
function header(der: Buffer, at: number): { start: number; len: number } {
  const first = der[at + 1] ?? 0;
  if (first < 0x80) return { start: at + 2, len: first };
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (der[at + 2 + i] ?? 0);
  return { start: at + 2 + n, len };
}

function oidToString(b: Buffer): string {
  const first = b[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (const byte of b.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

export function signatureAlgorithm(der: Buffer): string {
  try {
    const cert = header(der, 0);
    const tbs = header(der, cert.start);
    const algAt = tbs.start + tbs.len;
    const alg = header(der, algAt);
    const oid = header(der, alg.start);
    const s = oidToString(der.subarray(oid.start, oid.start + oid.len));
    return SIG_OIDS[s] ?? s;
  } catch {
    return "unknown";
  }
}

export type CertFacts = {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly daysToExpiry: number;
  readonly keyType: string;
  readonly keyBits: number;
  readonly curve: string | null;
  readonly signatureAlgorithm: string;
  readonly hostnameMatches: boolean;
  readonly selfSigned: boolean;
  readonly sha256Fingerprint: string;
};

const CURVE_BITS: Readonly<Record<string, number>> = {
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp256k1: 256,
};

export function certFacts(cert: X509Certificate, name: string, now: Date): CertFacts {
  const key = cert.publicKey;
  const d = key.asymmetricKeyDetails ?? {};
  const curve = d.namedCurve ?? null;
  const keyType = key.asymmetricKeyType ?? "unknown";
  const keyBits =
    d.modulusLength ?? (curve ? (CURVE_BITS[curve] ?? 0) : keyType === "ed25519" ? 256 : keyType === "ed448" ? 448 : 0);
  const isIp = /^[\d.]+$/.test(name) || name.includes(":");
  const notAfter = new Date(cert.validTo);
  return {
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: notAfter.toISOString(),
    daysToExpiry: Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000),
    keyType,
    keyBits,
    curve,
    signatureAlgorithm: signatureAlgorithm(cert.raw),
    hostnameMatches: (isIp ? cert.checkIP(name) : cert.checkHost(name)) !== undefined,
    selfSigned: cert.subject === cert.issuer,
    sha256Fingerprint: cert.fingerprint256,
  };
}
