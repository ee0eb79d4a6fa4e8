/** @module Aspects and messages of `pg_transport`. */
import type { ProbeFinding } from "../define.js";

export const ASPECTS = {
  ssl: "The server accepts TLS (ssl = on)",
  min_protocol: "ssl_min_protocol_version is at least the floor",
  hba: "pg_hba rules: no md5 or cleartext password, no remote trust (no loopback trust when the profile says so), no plain host for remote addresses",
  ssl_sessions: "Share of current TCP client sessions using SSL",
} as const;

export const MESSAGES = {
  sslOn: "ssl is on",
  sslOff: "ssl is off: connections travel unencrypted",
  protocolOk: "ssl_min_protocol_version is {{value}} (floor {{floor}})",
  protocolLow: "ssl_min_protocol_version is {{value}}, below the floor {{floor}}",
  protocolSslOff: "ssl is off, so no TLS version is enforced (ssl_min_protocol_version {{value}}, floor {{floor}})",
  hbaOk: "{{rules}} pg_hba rules checked; none uses md5, password or {{trust}}, none allows unencrypted remote access",
  hbaMd5: "pg_hba line {{line}} `{{rule}}`: md5 authentication (MD5 challenge; use scram-sha-256)",
  hbaPassword: "pg_hba line {{line}} `{{rule}}`: password authentication sends the password in clear text",
  hbaTrustRemote: "pg_hba line {{line}} `{{rule}}`: trust lets clients from {{address}} in without a password",
  hbaTrustLoopback:
    "pg_hba line {{line}} `{{rule}}`: trust lets any local user in as any role without a password (the profile allows no loopback trust)",
  hbaUnencrypted:
    "pg_hba line {{line}} `{{rule}}`: {{type}} accepts unencrypted connections from {{address}} (use hostssl)",
  hbaRuleError: "pg_hba line {{line}} cannot be used by the server: {{error}}",
  hbaUnreadable: "pg_hba rules cannot be read: {{reason}}",
  sessionsOk: "{{ssl}} of {{total}} TCP client sessions use SSL (required share {{min}})",
  sessionsLow: "only {{ssl}} of {{total}} TCP client sessions use SSL (required share {{min}})",
  sessionsNone: "no TCP client session to measure",
  notVisible: "{{reason}}",
} as const;

export type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
