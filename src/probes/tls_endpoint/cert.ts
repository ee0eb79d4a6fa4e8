/**
 * @module Facts about the server certificate: validity, key, signature algorithm, name match.
 * Node's X509Certificate does not expose the signature algorithm, so `@peculiar/x509` reads it
 * (imported lazily: it costs about 100 ms to load, which `assay check` must not pay).
 */
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { rootCertificates } from "node:tls";

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

type Algorithm = { readonly name: string; readonly hash?: { readonly name: string }; readonly namedCurve?: string };

const HASH_SUFFIX: Readonly<Record<string, string>> = {
  "SHA-1": "1",
  "SHA-256": "256",
  "SHA-384": "384",
  "SHA-512": "512",
};

/** The WebCrypto-style algorithm `@peculiar/x509` reports, named as OpenSSL and the profiles do. */
function algorithmName(a: Algorithm): string {
  const bits = a.hash ? HASH_SUFFIX[a.hash.name] : undefined;
  if (a.name === "RSASSA-PKCS1-v1_5" && bits) return `sha${bits}WithRSAEncryption`;
  if (a.name === "ECDSA" && bits) return `ecdsa-with-SHA${bits}`;
  if (a.name === "RSA-PSS") return "rsassaPss";
  if (a.name === "EdDSA" && a.namedCurve) return a.namedCurve;
  // Unknown to the library (MD5, GOST…): it returns the OID as the name.
  return SIG_OIDS[a.name] ?? a.name;
}

/** The certificate's signature algorithm, read with `@peculiar/x509` (loaded only when a TLS probe runs). */
export async function signatureAlgorithm(der: Buffer): Promise<string> {
  try {
    const { X509Certificate } = await import("@peculiar/x509");
    return algorithmName(new X509Certificate(der).signatureAlgorithm as Algorithm);
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

export async function certFacts(cert: X509Certificate, name: string, now: Date): Promise<CertFacts> {
  const key = cert.publicKey;
  const d = key.asymmetricKeyDetails ?? {};
  const curve = d.namedCurve ?? null;
  const keyType = key.asymmetricKeyType ?? "unknown";
  const keyBits =
    d.modulusLength ?? (curve ? (CURVE_BITS[curve] ?? 0) : keyType === "ed25519" ? 256 : keyType === "ed448" ? 448 : 0);
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
    signatureAlgorithm: await signatureAlgorithm(cert.raw),
    hostnameMatches: (isIP(name) !== 0 ? cert.checkIP(name) : cert.checkHost(name)) !== undefined,
    selfSigned: cert.subject === cert.issuer,
    sha256Fingerprint: cert.fingerprint256,
  };
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Whether the presented chain ends at a trust anchor (the configured CA bundle, else the system
 * store), by issuer name and signature only — validity dates are left out on purpose, so an expired
 * certificate from a trusted CA reads as "expired", not "untrusted". Used only when OpenSSL's own
 * verification failed on the dates alone.
 */
export function chainsToAnchor(chain: readonly X509Certificate[], caPem: string | undefined): boolean {
  const anchors = (caPem ? (caPem.match(PEM) ?? []) : rootCertificates).map((p) => new X509Certificate(p));
  const signedBy = (c: X509Certificate, issuer: X509Certificate): boolean =>
    c.checkIssued(issuer) && c.verify(issuer.publicKey);
  let current = chain[0];
  for (let depth = 0; current && depth < 10; depth++) {
    const cert = current;
    if (anchors.some((a) => a.fingerprint256 === cert.fingerprint256 || signedBy(cert, a))) return true;
    current = chain.find((c) => c !== cert && c.fingerprint256 !== cert.fingerprint256 && signedBy(cert, c));
  }
  return false;
}
