/**
 * @module `ora_network_encryption`: data in transit to Oracle is encrypted — TLS (TCPS) or native
 * network encryption with an allowed algorithm — for the auditor's own session (proof the server
 * negotiates it) and for the share of current remote user sessions.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding } from "../define.js";
import { classifySessions, isProtected } from "./classify.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import * as Q from "./queries.js";

const params = paramsObject({
  allowed_algorithms: withDefault(Frag.names(), ["AES256", "AES192", "AES128"]),
  /** Share (0–1) of remote user sessions that must show native network encryption. */
  min_encrypted_share: withDefault(Type.Number({ minimum: 0, maximum: 1 }), 1),
});

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

export default defineProbe({
  meta: {
    id: "ora_network_encryption",
    version: "1.0.0",
    title: "Oracle network encryption (TLS or native) in use",
    description:
      "Reads SYS_CONTEXT('USERENV', 'NETWORK_PROTOCOL') and V$SESSION_CONNECT_INFO banners of user sessions (V$SESSION).",
    targetTypes: ["oracle"],
    params,
    privileges: ["SELECT_CATALOG_ROLE (or SELECT ON V_$SESSION_CONNECT_INFO, V_$SESSION)"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target: { handle: h }, signal }) {
    const allowed = p.allowed_algorithms.map((a) => a.toUpperCase());
    const min = p.min_encrypted_share;
    const { me, rows } = await h.readOnly(
      async (s) => ({ me: (await s.query(Q.self))[0], rows: await s.query(Q.banners) }),
      signal,
    );
    const protocol = (me?.NETWORK_PROTOCOL ?? "unknown").toLowerCase();
    const selfSid = Number(me?.SID ?? -1);
    const sessions = classifySessions(rows, { sid: selfSid, tcps: protocol === "tcps" });
    const findings: F[] = [];

    // Thin mode cannot negotiate native network encryption (node-oracledb: NJS-533 when the server
    // requires it), so the auditor's own session is protected only over TCPS.
    if (protocol === "tcps") findings.push({ aspect: "current_session", status: "pass", messageId: "selfTcps" });
    else findings.push({ aspect: "current_session", status: "fail", messageId: "selfPlain", data: { protocol } });

    // The auditor's own session says nothing about the clients: it is left out of the share.
    const remote = sessions.filter((s) => !s.local && s.sid !== selfSid);
    const plain = remote.filter((s) => !isProtected(s, allowed));
    const share = remote.length === 0 ? 1 : (remote.length - plain.length) / remote.length;
    const data = { protected: remote.length - plain.length, remote: remote.length, min };
    if (remote.length === 0)
      findings.push({ aspect: "client_sessions", status: "not_applicable", messageId: "noRemoteSessions" });
    else if (share >= min) findings.push({ aspect: "client_sessions", status: "pass", messageId: "sessionsOk", data });
    else
      findings.push({
        aspect: "client_sessions",
        status: "fail",
        messageId: "sessionsPlain",
        data: { ...data, sids: plain.map((s) => s.sid).join(", ") },
      });

    return {
      facts: {
        own_protocol: protocol,
        sessions: sessions.map((s) => ({
          sid: s.sid,
          local: s.local,
          encryption: s.encryption,
          checksumming: s.checksumming,
          tcps: s.tcps,
        })),
        encrypted_share: Math.round(share * 1000) / 1000,
      },
      findings,
    };
  },
});
