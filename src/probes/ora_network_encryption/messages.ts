/** @module Aspects and message templates of `ora_network_encryption`. */

export const ASPECTS = {
  current_session: "The auditor's own session is encrypted (TCPS or native network encryption)",
  client_sessions: "Remote user sessions use native network encryption with an allowed algorithm",
} as const;

export const MESSAGES = {
  selfTcps: "This session uses TLS (protocol tcps)",
  selfPlain:
    "This session is not encrypted (protocol {{protocol}}): the thin driver cannot use native network encryption, only TCPS protects it",
  sessionsOk: "{{protected}} of {{remote}} remote user sessions are encrypted (minimum share {{min}})",
  sessionsPlain:
    "Only {{protected}} of {{remote}} remote user sessions are encrypted (minimum share {{min}}); unencrypted SIDs: {{sids}}",
  noRemoteSessions: "No remote user sessions besides local (bequeath) ones",
} as const;
