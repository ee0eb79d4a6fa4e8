/**
 * @module `pg_transport`: transport encryption of a PostgreSQL server — `ssl` on, the TLS floor
 * (`ssl_min_protocol_version`), `pg_hba` rules (no md5 or cleartext `password`, no remote `trust`,
 * no loopback `trust` when the profile forbids it, no plain `host` for remote addresses) and the
 * share of current TCP client sessions using SSL.
 */
import { Type } from "@sinclair/typebox";
import type { PgHandle } from "../../targets/postgres.js";
import { objectFailure } from "../../targets/sql/errors.js";
import { statement } from "../../targets/sql/sql.js";
import { defineProbe, verdict } from "../define.js";
import { paramsObject, withDefault } from "../params.js";
import { hasRole, hiddenSetting, readSettings } from "../shared/pg-kit.js";
import { addressOf, describeRule, hbaProblems, type HbaProblem, type HbaRule } from "./hba.js";
import { ASPECTS, MESSAGES, type F } from "./messages.js";

const hbaRules = statement<HbaRule>({
  name: "pg_transport.hba_rules",
  sql: `SELECT line_number, type, array_to_string(database, ',') AS database, array_to_string(user_name, ',') AS user_name,
            address, netmask, auth_method, error FROM pg_hba_file_rules ORDER BY line_number`,
  views: ["pg_hba_file_rules"],
  columns: ["line_number", "type", "database", "user_name", "address", "netmask", "auth_method", "error"],
});

const sslSessions = statement<{ total: string; ssl: string }>({
  name: "pg_transport.ssl_sessions",
  sql: `SELECT count(*) AS total, count(*) FILTER (WHERE s.ssl) AS ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
      WHERE a.backend_type = 'client backend' AND a.client_addr IS NOT NULL`,
  views: ["pg_stat_activity", "pg_stat_ssl"],
  columns: ["total", "ssl"],
});

const params = paramsObject({
  /** Lowest acceptable `ssl_min_protocol_version`. */
  min_protocol: Type.Union([Type.Literal("TLSv1.2"), Type.Literal("TLSv1.3")]),
  /** Required share (0–1) of TCP client sessions using SSL. */
  min_ssl_share: withDefault(Type.Number({ minimum: 0, maximum: 1 }), 1),
  /** Whether `trust` is acceptable on `local` sockets and loopback addresses (profile `db.allow_loopback_trust`). */
  allow_loopback_trust: withDefault(Type.Boolean(), true),
});

const ORDER = ["", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
const PROBLEM_MESSAGE: Readonly<Record<HbaProblem, keyof typeof MESSAGES>> = {
  ruleError: "hbaRuleError",
  md5: "hbaMd5",
  password: "hbaPassword",
  trustRemote: "hbaTrustRemote",
  trustLoopback: "hbaTrustLoopback",
  unencrypted: "hbaUnencrypted",
};

export default defineProbe({
  meta: {
    id: "pg_transport",
    version: "2.0.0",
    title: "PostgreSQL transport encryption",
    description: "ssl on, TLS floor, pg_hba rules (each named in full) and the share of client sessions using SSL.",
    targetTypes: ["postgres"],
    params,
    privileges: [
      "GRANT pg_read_all_settings TO <auditor>; -- ssl, ssl_min_protocol_version",
      "GRANT pg_read_all_stats TO <auditor>; -- other sessions in pg_stat_ssl",
      "GRANT SELECT ON pg_hba_file_rules TO <auditor>; -- in each audited database: superuser-only by default",
      "GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO <auditor>; -- in each audited database",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target: { handle: h }, signal }) {
    const findings: F[] = [];
    const s = await readSettings(h, ["ssl", "ssl_min_protocol_version"], signal);
    const ssl = s.get("ssl");
    const proto = s.get("ssl_min_protocol_version");
    findings.push(
      ssl === undefined ? hiddenSetting("ssl", "notVisible", "ssl") : verdict("ssl", ssl === "on", ["sslOn", "sslOff"]),
    );
    if (proto === undefined) findings.push(hiddenSetting("min_protocol", "notVisible", "ssl_min_protocol_version"));
    else {
      const data = { value: proto || "(none)", floor: p.min_protocol };
      const ok = ORDER.indexOf(proto) >= ORDER.indexOf(p.min_protocol);
      findings.push(
        ssl !== "on"
          ? { aspect: "min_protocol", status: "fail", messageId: "protocolSslOff", data }
          : verdict("min_protocol", ok, ["protocolOk", "protocolLow"], data),
      );
    }
    const hba = await hbaFindings(h, p.allow_loopback_trust, signal);
    findings.push(...hba.findings, await sessions(h, p.min_ssl_share, signal));
    return {
      facts: {
        ssl: ssl ?? null,
        ssl_min_protocol_version: proto ?? null,
        hba_rules: hba.rules,
        findings: findings.length,
      },
      findings,
    };
  },
});

async function hbaFindings(
  h: PgHandle,
  allowLoopbackTrust: boolean,
  signal: AbortSignal,
): Promise<{ findings: F[]; rules: string[] | null }> {
  let rules: HbaRule[];
  try {
    rules = await h.query(hbaRules, [], signal);
  } catch (err) {
    const reason = objectFailure(err);
    if (reason === undefined) throw err;
    return {
      findings: [{ aspect: "hba", status: "error", messageId: "hbaUnreadable", data: { reason } }],
      rules: null,
    };
  }
  const named = rules.map((r) => `${r.line_number}: ${r.error ? `(error) ${r.error}` : describeRule(r)}`);
  const bad = hbaProblems(rules, allowLoopbackTrust);
  if (bad.length === 0) {
    const trust = allowLoopbackTrust ? "remote trust" : "trust";
    return {
      findings: [{ aspect: "hba", status: "pass", messageId: "hbaOk", data: { rules: rules.length, trust } }],
      rules: named,
    };
  }
  const findings = bad.map(
    ({ rule, problem }): F => ({
      aspect: "hba",
      status: "fail",
      messageId: PROBLEM_MESSAGE[problem],
      subject: `pg_hba line ${rule.line_number}`,
      data: {
        line: rule.line_number,
        rule: describeRule(rule),
        type: rule.type,
        database: rule.database ?? "",
        user: rule.user_name ?? "",
        address: addressOf(rule),
        method: rule.auth_method ?? "",
        error: rule.error ?? "",
      },
    }),
  );
  return { findings, rules: named };
}

async function sessions(h: PgHandle, min: number, signal: AbortSignal): Promise<F> {
  if (!(await hasRole(h, "pg_read_all_stats", signal)))
    return {
      aspect: "ssl_sessions",
      status: "error",
      messageId: "notVisible",
      data: {
        reason: "other sessions in pg_stat_ssl are hidden from this role (grant pg_read_all_stats or pg_monitor)",
      },
    };
  const [r] = await h.query(sslSessions, [], signal);
  const total = Number(r?.total ?? 0);
  const withSsl = Number(r?.ssl ?? 0);
  if (total === 0) return { aspect: "ssl_sessions", status: "not_applicable", messageId: "sessionsNone" };
  return verdict("ssl_sessions", withSsl / total >= min, ["sessionsOk", "sessionsLow"], { ssl: withSsl, total, min });
}
