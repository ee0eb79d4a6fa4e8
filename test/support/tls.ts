/**
 * @module Certificates generated at test time with `@peculiar/x509` over WebCrypto: a CA and leaf
 * certificates with chosen names, validity, key type and signature hash. Shared by tests and the demo.
 */
import { webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";

type CryptoKey = webcrypto.CryptoKey;

// The library is typed against the DOM `Crypto`; node:crypto's webcrypto is the same API.
x509.cryptoProvider.set(webcrypto as never);

export type KeyType = "rsa2048" | "rsa1024" | "rsa3072" | "ec-p256" | "ec-p384";

export interface CertOptions {
  readonly cn: string;
  /** DNS names and IP addresses for the subjectAltName extension. */
  readonly san?: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly keyType?: KeyType;
  /** Signature hash (SHA-1 only for "weak signature" fixtures). */
  readonly hash?: "SHA-256" | "SHA-384" | "SHA-1";
  /** Issuing CA; self-signed when absent. */
  readonly ca?: GeneratedCert;
  readonly isCa?: boolean;
}

export interface GeneratedCert {
  /** Certificate in PEM. */
  readonly cert: string;
  /** PKCS#8 private key in PEM. */
  readonly key: string;
  readonly subject: string;
  readonly privateKey: CryptoKey;
}

const DAY = 86_400_000;

function algorithm(keyType: KeyType, hash: string): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  switch (keyType) {
    case "rsa1024":
    case "rsa2048":
    case "rsa3072":
      return {
        name: "RSASSA-PKCS1-v1_5",
        hash,
        publicExponent: new Uint8Array([1, 0, 1]),
        modulusLength: Number(keyType.slice(3)),
      };
    case "ec-p256":
      return { name: "ECDSA", namedCurve: "P-256" };
    case "ec-p384":
      return { name: "ECDSA", namedCurve: "P-384" };
  }
}

function signingAlgorithm(key: CryptoKey, hash: string): webcrypto.Algorithm {
  return key.algorithm.name === "ECDSA"
    ? ({ name: "ECDSA", hash } as webcrypto.Algorithm)
    : ({ name: "RSASSA-PKCS1-v1_5", hash } as webcrypto.Algorithm);
}

const isIp = (s: string): boolean => isIP(s) !== 0;

let serial = 1;

/** Make a certificate (self-signed, or issued by `ca`). Defaults: RSA 2048, SHA-256, valid ±1 year around now. */
export async function makeCert(opts: CertOptions): Promise<GeneratedCert> {
  const { cn, san = [], keyType = "rsa2048", hash = "SHA-256", ca, isCa = false } = opts;
  const notBefore = opts.notBefore ?? new Date(Date.now() - DAY);
  const notAfter = opts.notAfter ?? new Date(Date.now() + 365 * DAY);
  const keys = await webcrypto.subtle.generateKey(algorithm(keyType, hash), true, ["sign", "verify"]);
  const signingKey = ca?.privateKey ?? keys.privateKey;
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(isCa, undefined, true)];
  if (isCa)
    extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  else
    extensions.push(
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    );
  if (san.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        san.map((v) => (isIp(v) ? { type: "ip", value: v } : { type: "dns", value: v })),
      ),
    );
  }
  const subject = `CN=${cn}`;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(4, "0"),
    subject,
    issuer: ca?.subject ?? subject,
    notBefore,
    notAfter,
    signingAlgorithm: signingAlgorithm(signingKey, hash),
    publicKey: keys.publicKey,
    signingKey,
    extensions,
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    cert: cert.toString("pem"),
    key: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
    subject,
    privateKey: keys.privateKey,
  };
}

/** A CA and a leaf for `localhost`/127.0.0.1 issued by it: the usual fixture for a trusted server. */
export async function makeCaAndLeaf(
  leaf: Omit<CertOptions, "ca"> = { cn: "localhost", san: ["localhost", "127.0.0.1"] },
): Promise<{
  ca: GeneratedCert;
  leaf: GeneratedCert;
}> {
  const ca = await makeCert({ cn: "Assay Test CA", isCa: true, keyType: "ec-p256" });
  return { ca, leaf: await makeCert({ ...leaf, ca }) };
}
