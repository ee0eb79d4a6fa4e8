/** @module Pure judgement of `tls_endpoint`: observed handshake facts + thresholds → findings. */
import { type ProbeFinding, verdict } from "../define.js";
import type { CertFacts } from "./cert.js";
import type { SuiteClass } from "./ciphers.js";
import type { TlsAspect, TlsMessage } from "./messages.js";

type F = ProbeFinding<TlsMessage, TlsAspect>;

export interface JudgeInput {
  readonly min: string;
  readonly order: readonly string[];
  readonly negotiated: string;
  readonly protocols: Readonly<Record<string, string>>;
  readonly reasons: Readonly<Record<string, string>>;
  /** Accepted suites, each at one protocol version (a suite accepted at several appears once per version). */
  readonly suites: readonly (SuiteClass & { readonly version: string; readonly name: string })[];
  readonly scanError: string | undefined;
  readonly cert: CertFacts;
  readonly trust: {
    /** The chain ends at a trust anchor (OpenSSL's verdict, or ours when only the dates failed). */
    readonly anchored: boolean;
    readonly error: string | undefined;
    readonly store: string;
    readonly selfSigned: boolean;
  };
  readonly name: string;
  readonly params: {
    readonly requireTls13: boolean;
    readonly allowCbc: boolean;
    readonly requireFs: boolean;
    readonly failDays: number;
    readonly warnDays: number;
    readonly minRsa: number;
    readonly minEc: number;
    readonly signatures: ReadonlySet<string>;
  };
  readonly now: Date;
}

function protocolFindings(i: JudgeInput): F[] {
  const rank = (v: string): number => i.order.indexOf(v);
  const below = i.order.filter((v) => rank(v) < rank(i.min));
  const accepted = below.filter((v) => i.protocols[v] === "accepted");
  if (accepted.length > 0)
    return [
      {
        aspect: "protocols",
        status: "fail",
        messageId: "legacyAccepted",
        data: { accepted: accepted.join(", "), min: i.min },
      },
    ];
  if (rank(i.negotiated) < rank(i.min))
    return [
      { aspect: "protocols", status: "fail", messageId: "belowMin", data: { protocol: i.negotiated, min: i.min } },
    ];
  const unsure = below.find((v) => i.protocols[v] === "undetermined");
  if (unsure)
    return [
      {
        aspect: "protocols",
        status: "error",
        messageId: "undetermined",
        data: { version: unsure, reason: i.reasons[unsure] ?? "" },
      },
    ];
  return [
    { aspect: "protocols", status: "pass", messageId: "legacyRefused", data: { min: i.min, protocol: i.negotiated } },
  ];
}

function tls13Finding(i: JudgeInput): F {
  if (i.protocols["TLSv1.3"] === "accepted") return { aspect: "tls13", status: "pass", messageId: "tls13Offered" };
  return i.params.requireTls13
    ? { aspect: "tls13", status: "fail", messageId: "tls13Missing" }
    : { aspect: "tls13", status: "not_applicable", messageId: "tls13NotRequired" };
}

function suiteFindings(i: JudgeInput): F[] {
  /** `NULL-SHA (TLSv1, TLSv1.1), AES128-SHA (TLSv1.2)`: each suite once, with the versions accepting it. */
  const names = (pred: (s: SuiteClass) => boolean): string => {
    const byName = new Map<string, string[]>();
    for (const s of i.suites.filter(pred)) byName.set(s.name, [...(byName.get(s.name) ?? []), s.version]);
    return [...byName].map(([name, versions]) => `${name} (${versions.join(", ")})`).join(", ");
  };
  const versions = [...new Set(i.suites.map((s) => s.version))].join(", ");
  const out: F[] = [];
  const weak = names((s) => s.weak.length > 0);
  const cbc = names((s) => s.cbc);
  const nonFs = names((s) => !s.forwardSecret);
  if (weak) out.push({ aspect: "cipher_suites", status: "fail", messageId: "suitesWeak", data: { suites: weak } });
  else if (cbc && !i.params.allowCbc)
    out.push({ aspect: "cipher_suites", status: "fail", messageId: "suitesCbc", data: { suites: cbc } });
  else if (i.scanError)
    out.push({ aspect: "cipher_suites", status: "error", messageId: "suitesScanError", data: { reason: i.scanError } });
  else if (i.suites.length === 0) out.push({ aspect: "cipher_suites", status: "pass", messageId: "suitesNone" });
  else
    out.push({
      aspect: "cipher_suites",
      status: "pass",
      messageId: "suitesOk",
      data: { count: i.suites.length, versions, cbcNote: cbc ? ` (CBC allowed: ${cbc})` : "" },
    });

  if (!nonFs)
    out.push({
      aspect: "forward_secrecy",
      status: i.scanError ? "error" : "pass",
      messageId: i.scanError ? "suitesScanError" : "fsOk",
      data: { reason: i.scanError ?? "" },
    });
  else if (i.params.requireFs)
    out.push({ aspect: "forward_secrecy", status: "fail", messageId: "fsMissing", data: { suites: nonFs } });
  else
    out.push({
      aspect: "forward_secrecy",
      status: "not_applicable",
      messageId: "fsNotRequired",
      data: { suites: nonFs },
    });
  return out;
}

function certFindings(i: JudgeInput): F[] {
  const c = i.cert;
  const p = i.params;
  const out: F[] = [];
  const dates = { notAfter: c.notAfter, notBefore: c.notBefore, days: c.daysToExpiry };
  // The hard floor (cert_expiry, failDays) and the renewal window (cert_renewal, warnDays) are one
  // judgement with two thresholds.
  const window = (aspect: "cert_expiry" | "cert_renewal", threshold: number): F =>
    c.daysToExpiry < threshold
      ? { aspect, status: "fail", messageId: "expiresSoon", data: { ...dates, threshold } }
      : { aspect, status: "pass", messageId: "expiryOk", data: dates };
  if (new Date(c.notBefore) > i.now)
    out.push({ aspect: "cert_expiry", status: "fail", messageId: "notYetValid", data: dates });
  else if (c.daysToExpiry < 0) out.push({ aspect: "cert_expiry", status: "fail", messageId: "expired", data: dates });
  else out.push(window("cert_expiry", p.failDays));
  out.push(window("cert_renewal", p.warnDays));

  const isRsa = c.keyType === "rsa" || c.keyType === "rsa-pss";
  const isEd = c.keyType === "ed25519" || c.keyType === "ed448";
  const min = isRsa ? p.minRsa : p.minEc;
  const keyData = { keyType: c.keyType, bits: c.keyBits, min };
  out.push(
    verdict("cert_key", isEd || c.keyBits >= min, ["keyOk", "keyWeak"], keyData),
    verdict("cert_signature", p.signatures.has(c.signatureAlgorithm), ["sigOk", "sigWeak"], {
      alg: c.signatureAlgorithm,
    }),
    verdict("cert_hostname", c.hostnameMatches, ["hostOk", "hostMismatch"], { name: i.name, subject: c.subject }),
  );
  const t = i.trust;
  if (t.anchored) out.push({ aspect: "cert_trust", status: "pass", messageId: "trustOk", data: { store: t.store } });
  else
    out.push({
      aspect: "cert_trust",
      status: "fail",
      messageId: "trustFail",
      data: {
        store: t.store,
        // A date error hides the chain's own fault; name that fault instead.
        reason:
          t.error === "CERT_HAS_EXPIRED" || t.error === "CERT_NOT_YET_VALID"
            ? t.selfSigned
              ? "self-signed certificate"
              : "no chain to a trusted root"
            : (t.error ?? ""),
      },
    });
  return out;
}

export function judge(i: JudgeInput): F[] {
  return [...protocolFindings(i), tls13Finding(i), ...suiteFindings(i), ...certFindings(i)];
}
