/** @module Probe `tls_endpoint`: protocols, cipher suites at each accepted version, and certificate of a TLS endpoint. */
import type { SecureVersion } from "node:tls";
import type { JsonObject } from "../../model/json.js";
import { Type } from "@sinclair/typebox";
import { defineProbe } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { certFacts, chainsToAnchor, STRONG_SIGNATURES } from "./cert.js";
import { classifySuite, enumerateSuites, type SuiteClass } from "./ciphers.js";
import { handshake, type HandshakeTarget } from "./handshake.js";
import { judge } from "./judge.js";
import { LEGACY_VERSIONS, scanLegacy } from "./legacy-hello.js";
import { ASPECTS, MESSAGES } from "./messages.js";

const params = paramsObject({
  /** Lowest acceptable protocol, as the profile writes it ("1.2" or "1.3"). */
  min_version: withDefault(Type.Union([Type.Literal("1.2"), Type.Literal("1.3")]), "1.2"),
  require_tls13: withDefault(Type.Boolean(), false),
  allow_cbc: withDefault(Type.Boolean(), true),
  require_forward_secrecy: withDefault(Type.Boolean(), false),
  cert_fail_days: withDefault(Frag.count(), 7),
  cert_warn_days: withDefault(Frag.count(), 30),
  min_rsa_bits: Frag.minRsaBits(),
  min_ec_bits: Frag.minEcBits(),
  allowed_signature_algorithms: Type.Optional(Type.Array(Type.String())),
});

const ORDER: readonly SecureVersion[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
/** Verification errors about the dates alone: the chain itself may still end at a trusted root. */
const DATE_ERRORS = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);

type Suite = SuiteClass & { readonly version: string; readonly name: string };

export default defineProbe({
  meta: {
    id: "tls_endpoint",
    version: "1.1.0",
    title: "TLS endpoint",
    description:
      "Connects to a TLS endpoint a few times, one handshake at a time: which protocol versions it accepts (SSL 3.0 to TLS 1.3), which cipher suites at each accepted version (RC4, DES/3DES and EXPORT by hand-built ClientHello), and what its certificate is (expiry, key, signature, name, and trust judged apart from the dates).",
    targetTypes: ["endpoint"],
    params,
    privileges: ["network reachability of the endpoint (no credentials)"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },

  async run({ params: p, target: { handle: h }, signal, now }) {
    if (h.url.protocol !== "https:") {
      return {
        facts: { url: h.url.href, tls: false },
        findings: [{ aspect: "protocols", status: "fail", messageId: "noTls", data: { url: h.url.href } }],
      };
    }
    const t: HandshakeTarget = {
      host: h.host,
      port: h.port,
      servername: h.servername,
      ca: h.ca,
      timeoutMs: h.timeoutMs,
      signal,
    };
    const main = await handshake(t, { certificates: true });
    if (!main.ok) throw new Error(main.reason);
    const peer = main.peer;
    if (!peer?.cert) throw new Error(`${h.host}:${h.port} presented no certificate`);

    const min = p.min_version === "1.3" ? "TLSv1.3" : "TLSv1.2";
    const protocols: Record<string, string> = { [main.protocol]: "accepted" };
    const reasons: Record<string, string> = {};
    for (const v of ORDER) {
      if (v === main.protocol) continue;
      const r = await handshake(t, { minVersion: v, maxVersion: v });
      protocols[v] = r.ok ? "accepted" : r.network ? "undetermined" : "refused";
      if (!r.ok) reasons[v] = r.reason;
    }
    // What OpenSSL 3 cannot offer any more (SSL 3.0, RC4, DES/3DES, EXPORT) goes by hand-built ClientHello,
    // at every version from TLS 1.0 to 1.2; a ServerHello at a version proves that version accepted.
    const legacy = await scanLegacy(t, LEGACY_VERSIONS);
    protocols["SSLv3"] = legacy.ssl3;
    for (const s of legacy.suites) protocols[s.version] = "accepted";
    const suites: Suite[] = legacy.suites.map((s) => ({
      version: s.version,
      name: s.name,
      weak: [s.family],
      cbc: s.family !== "RC4" && !s.name.includes("RC4"),
      forwardSecret: /_(EC)?DHE_/.test(s.name),
    }));
    let scanError = legacy.error;
    for (const v of ORDER.filter((v) => protocols[v] === "accepted")) {
      const scan = await enumerateSuites(t, v);
      suites.push(...scan.accepted.map((name) => ({ version: v, name, ...classifySuite(name) })));
      scanError ??= scan.error;
    }
    suites.sort((a, b) => ORDER.indexOf(a.version as SecureVersion) - ORDER.indexOf(b.version as SecureVersion));
    const cert = await certFacts(peer.cert, h.servername, now());

    const store = h.ca ? "configured CA bundle" : "system store";
    // OpenSSL reports a date error even for a chain it would otherwise trust; trust is judged apart.
    const datesOnly = !peer.authorized && DATE_ERRORS.has(peer.authorizationError ?? "");
    const anchored = peer.authorized || (datesOnly && chainsToAnchor(peer.chain, h.ca));

    const facts: JsonObject = {
      host: h.host,
      port: h.port,
      servername: h.servername,
      negotiated: {
        protocol: main.protocol,
        cipher: main.cipherStandardName,
        keyExchange: main.ephemeral.name ?? main.ephemeral.type ?? null,
      },
      protocols,
      suites: suites.map((s) => ({
        version: s.version,
        name: s.name,
        weak: [...s.weak],
        cbc: s.cbc,
        forwardSecret: s.forwardSecret,
      })),
      ...(scanError ? { cipherScanError: scanError } : {}),
      notTestable: ["SSLv2"],
      certificate: { ...cert },
      chain: peer.chain.map((c) => c.subject.replace(/\n/g, ", ")),
      trust: { store, authorized: peer.authorized, error: peer.authorizationError ?? null, chainsToRoot: anchored },
    };
    const findings = judge({
      min,
      order: ["SSLv3", ...ORDER],
      negotiated: main.protocol,
      protocols,
      reasons,
      suites,
      scanError,
      cert,
      trust: { anchored, error: peer.authorizationError, store, selfSigned: cert.selfSigned },
      name: h.servername,
      params: {
        requireTls13: p.require_tls13,
        allowCbc: p.allow_cbc,
        requireFs: p.require_forward_secrecy,
        failDays: p.cert_fail_days,
        warnDays: p.cert_warn_days,
        minRsa: p.min_rsa_bits,
        minEc: p.min_ec_bits,
        signatures: p.allowed_signature_algorithms ? new Set(p.allowed_signature_algorithms) : STRONG_SIGNATURES,
      },
      now: now(),
    });
    return { facts, findings };
  },
});
