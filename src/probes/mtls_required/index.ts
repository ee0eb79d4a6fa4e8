/**
 * @module Probe `mtls_required`: is mutual TLS enforced? One HTTPS request without a client
 * certificate must be refused (in the handshake, or with 401/403), and one with the target's
 * declared client certificate must get through; a third connection reads the client-CA list the
 * server advertises (TLS 1.2 CertificateRequest). Three connections, two `GET` requests, no bodies.
 */
import { X509Certificate } from "node:crypto";
import { Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding } from "../define.js";
import { paramsObject } from "../params.js";
import { type Attempt, attempt } from "./attempt.js";
import { clientCaList } from "./client-cas.js";

const params = paramsObject({
  /** Path to request; the target URL's path when absent. */
  path: Type.Optional(Type.String({ pattern: "^/" })),
});

const MESSAGES = {
  notHttps: "{{url}} is not an https:// URL",
  refusedWithout: "Without a client certificate the connection is refused ({{reason}})",
  deniedWithout: "Without a client certificate the request is denied ({{status}})",
  servedWithout: "Without a client certificate {{url}} answered {{status}}",
  acceptedWith: "With the declared client certificate ({{subject}}) {{url}} answered {{status}}",
  refusedWith: "The declared client certificate ({{subject}}) is refused ({{how}})",
  noClientCert: "The target declares no client certificate (connection.client_certificate)",
} as const;

const ASPECTS = {
  without_certificate: "A connection without a client certificate is refused (handshake, or 401/403)",
  with_certificate: "The declared client certificate is accepted",
} as const;

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

const describe = (a: Attempt): string => (a.kind === "answered" ? `HTTP ${a.status}` : a.reason);

function withoutFinding(a: Attempt, url: string): F {
  if (a.kind === "refused")
    return { aspect: "without_certificate", status: "pass", messageId: "refusedWithout", data: { reason: a.reason } };
  if (a.status === 401 || a.status === 403)
    return { aspect: "without_certificate", status: "pass", messageId: "deniedWithout", data: { status: a.status } };
  return { aspect: "without_certificate", status: "fail", messageId: "servedWithout", data: { url, status: a.status } };
}

function withFinding(a: Attempt, url: string, subject: string): F {
  if (a.kind === "answered" && a.status !== 401 && a.status !== 403)
    return {
      aspect: "with_certificate",
      status: "pass",
      messageId: "acceptedWith",
      data: { subject, url, status: a.status },
    };
  return { aspect: "with_certificate", status: "fail", messageId: "refusedWith", data: { subject, how: describe(a) } };
}

export default defineProbe({
  meta: {
    id: "mtls_required",
    version: "1.0.0",
    title: "Mutual TLS required",
    description:
      "One GET without a client certificate (must be refused in the handshake or with 401/403), one with the declared client certificate (must succeed), and the client-CA list from a TLS 1.2 CertificateRequest.",
    targetTypes: ["endpoint"],
    params,
    privileges: ["a client certificate the service should accept (connection.client_certificate)"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run({ params: p, target: { handle: h }, signal }) {
    const url = h.url.href;
    if (h.url.protocol !== "https:")
      return {
        facts: { url, https: false },
        findings: [
          { aspect: "without_certificate", status: "fail", messageId: "notHttps", data: { url } },
          { aspect: "with_certificate", status: "fail", messageId: "notHttps", data: { url } },
        ],
      };
    const path = p.path ?? `${h.url.pathname}${h.url.search}`;
    const without = await attempt(h, path, signal, false);
    const findings: F[] = [withoutFinding(without, url)];
    let withCert: Attempt | null = null;
    let subject: string | null = null;
    if (!h.clientCertificate) findings.push({ aspect: "with_certificate", status: "error", messageId: "noClientCert" });
    else {
      subject = new X509Certificate(h.clientCertificate.cert).subject.replace(/\n/g, ", ");
      withCert = await attempt(h, path, signal, true);
      findings.push(withFinding(withCert, url, subject));
    }
    const cas = await clientCaList({
      host: h.host,
      port: h.port,
      servername: h.servername,
      timeoutMs: h.timeoutMs,
      signal,
    });
    const view = (a: Attempt | null) =>
      a === null
        ? null
        : a.kind === "answered"
          ? { status: a.status, protocol: a.protocol }
          : { refused: a.reason, protocol: a.protocol };
    return {
      facts: {
        url,
        path,
        withoutCertificate: view(without),
        withCertificate: view(withCert),
        clientCertificateSubject: subject,
        clientCas: cas.kind === "listed" ? [...cas.names] : null,
        clientCaNote:
          cas.kind === "listed"
            ? null
            : cas.kind === "not_requested"
              ? "no CertificateRequest over TLS 1.2"
              : cas.reason,
      },
      findings,
    };
  },
});
