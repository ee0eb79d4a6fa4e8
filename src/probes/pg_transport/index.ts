/**
 * @module `pg_transport`: transport encryption of a PostgreSQL server — `ssl` on, the TLS floor
 * (`ssl_min_protocol_version`), `pg_hba` rules (no plain `host` for non-loopback addresses, no
 * remote `trust`, no cleartext `password`) and the share of current TCP client sessions using SSL.
 */
import type { PgHandle } from "../../targets/postgres.js";
import { objectFailure } from "../../targets/sql/errors.js";
import { hasRole, hiddenSettingReason, readSettings } from "../shared/pg-kit.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import { hbaProblems, type HbaRule } from "./hba.js";
import { statement } from "../../targets/sql/sql.js";

const hbaRules = statement<HbaRule>({
  name: "pg_transport.hba_rules",
  sql: "SELECT line_number, type, address, netmask, auth_method, error FROM pg_hba_file_rules ORDER BY line_number",
  views: ["pg_hba_file_rules"],
  columns: ["line_number", "type", "address", "netmask", "auth_method", "error"],
});

const sslSessions = statement<{ total: string; ssl: string }>({
  name: "pg_transport.ssl_sessions",
  sql: `SELECT count(*) AS total, count(*) FILTER (WHERE s.ssl) AS ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
      WHERE a.backend_type = 'client backend' AND a.client_addr IS NOT NULL`,
  views: ["pg_stat_activity", "pg_stat_ssl"],
  columns: ["total", "ssl"],
});

export interface PgTransportParams {
  /** Lowest acceptable `ssl_min_protocol_version`, e.g. `TLSv1.2`. */
  readonly min_protocol: string;
  /** Required share (0–1) of TCP client sessions using SSL; default 1. */
  readonly min_ssl_share?: number;
}

const aspects = {
  ssl: "The server accepts TLS (ssl = on)",
  min_protocol: "ssl_min_protocol_version is at least the floor",
  hba: "pg_hba rules: no plain host for remote addresses, no remote trust, no cleartext password",
  ssl_sessions: "Share of current TCP client sessions using SSL",
} as const;

const messages = {
  ssl_on: "ssl is on",
  ssl_off: "ssl is off: connections travel unencrypted",
  protocol_ok: "ssl_min_protocol_version is {{value}} (floor {{floor}})",
  protocol_low: "ssl_min_protocol_version is {{value}}, below the floor {{floor}}",
  protocol_ssl_off: "ssl is off, so no TLS version is enforced (ssl_min_protocol_version {{value}}, floor {{floor}})",
  hba_ok:
    "{{rules}} pg_hba rules checked; none allows unencrypted, trust or cleartext-password access from remote addresses",
  hba_bad: "pg_hba line {{line}} ({{type}} {{address}} {{method}}): {{problem}}",
  hba_unreadable: "pg_hba rules cannot be read: {{reason}}",
  sessions_ok: "{{ssl}} of {{total}} TCP client sessions use SSL (required share {{min}})",
  sessions_low: "only {{ssl}} of {{total}} TCP client sessions use SSL (required share {{min}})",
  sessions_none: "no TCP client session to measure",
  not_visible: "{{reason}}",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;
const ORDER = ["", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

export default defineProbe<PgTransportParams>()({
  meta: {
    id: "pg_transport",
    version: "1.0.0",
    title: "PostgreSQL transport encryption",
    description: "ssl on, TLS floor, pg_hba rules and the share of client sessions using SSL.",
    targetTypes: ["postgres"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["min_protocol"],
      properties: {
        min_protocol: { enum: ["TLSv1.2", "TLSv1.3"] },
        min_ssl_share: { type: "number", minimum: 0, maximum: 1 },
      },
    },
    privileges: [
      "pg_read_all_settings (or pg_monitor): ssl settings",
      "pg_read_all_stats (or pg_monitor): other sessions in pg_stat_ssl",
      "SELECT on pg_hba_file_rules and EXECUTE on pg_hba_file_rules() (superuser-only by default)",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal }) {
    const h = target.handle;
    const findings: F[] = [];
    const s = await readSettings(h, ["ssl", "ssl_min_protocol_version"], signal);
    const ssl = s.get("ssl");
    const proto = s.get("ssl_min_protocol_version");
    findings.push(
      ssl === undefined
        ? { aspect: "ssl", status: "error", messageId: "not_visible", data: { reason: hiddenSettingReason("ssl") } }
        : { aspect: "ssl", status: ssl === "on" ? "pass" : "fail", messageId: ssl === "on" ? "ssl_on" : "ssl_off" },
    );
    if (proto === undefined)
      findings.push({
        aspect: "min_protocol",
        status: "error",
        messageId: "not_visible",
        data: { reason: hiddenSettingReason("ssl_min_protocol_version") },
      });
    else {
      const data = { value: proto || "(none)", floor: params.min_protocol };
      const ok = ORDER.indexOf(proto) >= ORDER.indexOf(params.min_protocol);
      if (ssl !== "on") findings.push({ aspect: "min_protocol", status: "fail", messageId: "protocol_ssl_off", data });
      else
        findings.push({
          aspect: "min_protocol",
          status: ok ? "pass" : "fail",
          messageId: ok ? "protocol_ok" : "protocol_low",
          data,
        });
    }
    findings.push(...(await hba(h, signal)));
    findings.push(await sessions(h, params.min_ssl_share ?? 1, signal));
    return {
      facts: { ssl: ssl ?? null, ssl_min_protocol_version: proto ?? null, findings: findings.length },
      findings,
    };
  },
});

async function hba(h: PgHandle, signal: AbortSignal): Promise<F[]> {
  let rules: HbaRule[];
  try {
    rules = await h.query(hbaRules, [], signal);
  } catch (err) {
    const reason = objectFailure(err);
    if (reason === undefined) throw err;
    return [{ aspect: "hba", status: "error", messageId: "hba_unreadable", data: { reason } }];
  }
  const bad = hbaProblems(rules);
  if (bad.length === 0) return [{ aspect: "hba", status: "pass", messageId: "hba_ok", data: { rules: rules.length } }];
  return bad.map(({ rule, problem }) => ({
    aspect: "hba",
    status: "fail",
    messageId: "hba_bad",
    subject: `pg_hba line ${rule.line_number}`,
    data: {
      line: rule.line_number,
      type: rule.type,
      address: rule.address ?? "(none)",
      method: rule.auth_method ?? "",
      problem,
    },
  }));
}

async function sessions(h: PgHandle, min: number, signal: AbortSignal): Promise<F> {
  if (!(await hasRole(h, "pg_read_all_stats", signal)))
    return {
      aspect: "ssl_sessions",
      status: "error",
      messageId: "not_visible",
      data: {
        reason: "other sessions in pg_stat_ssl are hidden from this role (grant pg_read_all_stats or pg_monitor)",
      },
    };
  const [r] = await h.query(sslSessions, [], signal);
  const total = Number(r?.total ?? 0);
  const withSsl = Number(r?.ssl ?? 0);
  if (total === 0) return { aspect: "ssl_sessions", status: "not_applicable", messageId: "sessions_none" };
  const ok = withSsl / total >= min;
  return {
    aspect: "ssl_sessions",
    status: ok ? "pass" : "fail",
    messageId: ok ? "sessions_ok" : "sessions_low",
    data: { ssl: withSsl, total, min },
  };
}
