/** @module Aspects and message templates of `tls_endpoint`, shared by the probe and its judge. */

export const ASPECTS = {
  protocols: "Protocol versions below the minimum are refused; the negotiated version meets it",
  tls13: "TLS 1.3 is offered (when required)",
  cipher_suites:
    "No broken suite at any accepted version (NULL, anonymous, RC4, DES/3DES, EXPORT, MD5, CCM_8); no CBC unless allowed",
  forward_secrecy: "Every accepted suite, at every version, has forward secrecy (when required)",
  cert_expiry: "The certificate is valid and does not expire within the failure threshold",
  cert_renewal: "The certificate does not expire within the renewal (warning) threshold",
  cert_key: "The certificate key is strong enough (RSA bits, EC curve size)",
  cert_signature: "The certificate signature algorithm is allowed (no SHA-1, no MD5)",
  cert_hostname: "The certificate names the host",
  cert_trust:
    "The certificate chains to a trusted root (system store or the configured CA bundle); its dates are cert_expiry's concern",
} as const;

export const MESSAGES = {
  noTls: "{{url}} is served without TLS",
  legacyRefused: "Protocols below {{min}} are refused; negotiated {{protocol}}",
  legacyAccepted: "The endpoint accepts {{accepted}} (minimum {{min}})",
  belowMin: "Negotiated {{protocol}}, below the minimum {{min}}",
  undetermined: "Could not tell whether {{version}} is refused: {{reason}}",
  tls13Offered: "TLS 1.3 is offered",
  tls13Missing: "TLS 1.3 is not offered",
  tls13NotRequired: "TLS 1.3 is not offered (not required by the profile)",
  suitesOk: "{{count}} suites accepted ({{versions}}), none broken{{cbcNote}}",
  suitesWeak: "Broken suites accepted: {{suites}}",
  suitesCbc: "CBC suites accepted and the profile disallows CBC: {{suites}}",
  suitesNone: "No cipher suite could be enumerated at any accepted version",
  suitesScanError: "Cipher scan incomplete: {{reason}}",
  fsOk: "Every accepted suite has forward secrecy",
  fsMissing: "Suites without forward secrecy accepted: {{suites}}",
  fsNotRequired: "Suites without forward secrecy accepted ({{suites}}); not required by the profile",
  expiryOk: "Certificate valid until {{notAfter}} ({{days}} days)",
  expired: "Certificate expired on {{notAfter}}",
  notYetValid: "Certificate not valid before {{notBefore}}",
  expiresSoon: "Certificate expires in {{days}} days ({{notAfter}}), threshold {{threshold}}",
  keyOk: "{{keyType}} {{bits}}-bit key",
  keyWeak: "{{keyType}} {{bits}}-bit key is below the minimum {{min}}",
  sigOk: "Signed with {{alg}}",
  sigWeak: "Signed with {{alg}}, which is not allowed",
  hostOk: "Certificate names {{name}}",
  hostMismatch: "Certificate ({{subject}}) does not name {{name}}",
  trustOk: "Certificate chains to a trusted root ({{store}})",
  trustFail: "Certificate not trusted ({{store}}): {{reason}}",
} as const;

export type TlsAspect = keyof typeof ASPECTS;
export type TlsMessage = keyof typeof MESSAGES;
