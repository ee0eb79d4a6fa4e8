/**
 * The Oracle probes against a real database, when `ORACLE_TEST_URL` is set
 * (`oracle://USER:PASSWORD@HOST:PORT/SERVICE`, see docs/probes/oracle.md). Skipped with that reason
 * otherwise. Asserts what holds on any database: each probe decides with known message ids, lacks
 * no grant, and never prints the password.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { AnyProbe } from "../../src/probes/define.js";
import { paramsProblems } from "../../src/probes/params.js";
import { PROBES } from "../../src/probes/registry.js";
import { assertWellFormed, runOnce } from "../../src/probes/tester.js";
import { oracleConnector, type OracleHandle } from "../../src/targets/oracle.js";
import { statement } from "../../src/targets/sql/sql.js";

const URL_TEXT = process.env["ORACLE_TEST_URL"];
const skip = URL_TEXT
  ? false
  : "ORACLE_TEST_URL not set: export ORACLE_TEST_URL=oracle://user:pass@host:1521/service to run the live Oracle suite";

export function parseOracleUrl(text: string): {
  host: string;
  port: number;
  service_name: string;
  user: string;
  password: string;
} {
  const u = new URL(text);
  if (u.protocol !== "oracle:") throw new Error("ORACLE_TEST_URL must start with oracle://");
  const service = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!u.username || !service)
    throw new Error("ORACLE_TEST_URL needs a user and a service: oracle://user:pass@host:1521/service");
  return {
    host: u.hostname,
    port: Number(u.port || 1521),
    service_name: service,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

const conn = URL_TEXT ? parseOracleUrl(URL_TEXT) : undefined;
let handle: Promise<OracleHandle> | undefined;
const open = () =>
  (handle ??= conn
    ? oracleConnector.open(conn, { signal: new AbortController().signal, timeoutMs: 30_000, baseDir: "/" })
    : Promise.reject(new Error("ORACLE_TEST_URL is not set")));
after(async () => {
  const h = await handle?.catch(() => undefined);
  if (h) await oracleConnector.close(h);
});

/** Params a real database can answer without application tables; retention reads a dictionary view. */
const PARAMS: Record<string, Record<string, unknown>> = {
  ora_encryption_at_rest: {},
  ora_network_encryption: {},
  ora_unified_audit: {
    required_policies: ["ORA_SECURECONFIG"],
    retention_min_days: 365,
    retention_max_days: 1095,
    grace_days: 7,
  },
  ora_privileges: {},
  ora_recovery: { max_age_hours: 24, min_retention_days: 7, max_apply_lag_seconds: 30 },
  role_matrix: { role_matrix: { schemas: [conn?.user ?? "ASSAY"], roles: {} } },
  ora_password_profiles: { failed_login_attempts_max: 10, password_lock_time_min_days: 1 },
  ora_vpd: { personal_data_tables: ["SYS.DBA_OBJECTS"] },
  retention: {
    grace_days: 0,
    datasets: [{ table: "SYS.DBA_OBJECTS", timestamp_column: "CREATED", retention_days: 100000 }],
  },
  audit_chain: {
    chain: { table: "ASSAY_NO_SUCH_TABLE", sequence_column: "SEQ", hash_column: "H", columns: ["SEQ"] },
  },
};

test("the live suite covers every Oracle probe", { skip }, () => {
  const ids = [...PROBES.values()]
    .filter((p) => (p.meta.targetTypes as readonly string[]).includes("oracle"))
    .map((p) => p.meta.id)
    .sort();
  assert.deepEqual(ids, Object.keys(PARAMS).sort());
});

for (const [id, params] of Object.entries(PARAMS)) {
  test(`live: ${id} decides on a real database`, { skip }, async () => {
    const probe = PROBES.get(id) as AnyProbe;
    assert.deepEqual(paramsProblems(probe, params as never), []);
    // runProbe, as the engine runs it: params with defaults, deadline, messages, facts as JSON.
    const out = assertWellFormed(
      probe,
      await runOnce(probe, { id: "live", type: "oracle", handle: await open() }, params, { timeoutMs: 60_000 }),
    );
    assert.ok(out.findings.length > 0, "no findings");
    const text = JSON.stringify([out.facts, out.findings]);
    if (conn?.password) assert.ok(!text.includes(conn.password), "password leaked");
    if (id === "audit_chain") assert.equal(out.findings[0]?.messageId, "chainUnreadable");
    else assert.doesNotMatch(text, /missing privilege/, "the auditing account lacks a grant (docs/probes/oracle.md)");
  });
}

// Issue 19 on a real Oracle 19c (run against a PDB service to confirm items 1-4 with one command).
const liveRun = async (id: string, params: Record<string, unknown>) => {
  const probe = PROBES.get(id) as AnyProbe;
  const handle = await open();
  return assertWellFormed(
    probe,
    await runOnce(probe, { id: "live", type: "oracle", handle }, params, { timeoutMs: 60_000 }),
  );
};

test("live: default passwords are never a pass from a PDB (Oracle's accounts are common users)", { skip }, async () => {
  const out = await liveRun("ora_privileges", {});
  const scope = out.facts["default_password_scope"];
  const f = out.findings.filter((x) => x.aspect === "default_passwords");
  if (scope === "pdb")
    assert.ok(
      f.every((x) => x.status !== "pass"),
      JSON.stringify(f),
    );
  else assert.ok(scope === "cdb_root" || scope === "non_cdb", JSON.stringify(scope));
});

test("live: a composite partition's TABLESPACE_NAME is its default, never NULL", { skip }, async (t) => {
  const rows = await (
    await open()
  ).readOnly((db) =>
    db.query(
      statement<{ TABLESPACE_NAME: string | null }>({
        name: "live.composite",
        sql: "SELECT TABLESPACE_NAME FROM DBA_TAB_PARTITIONS WHERE COMPOSITE = 'YES' AND ROWNUM <= 50",
        views: ["DBA_TAB_PARTITIONS"],
        columns: ["TABLESPACE_NAME"],
      }),
    ),
  );
  if (rows.length === 0) return t.skip("no composite-partitioned table in this database");
  assert.ok(rows.every((r) => r.TABLESPACE_NAME !== null));
});

test("live: the thin session counts as encrypted only over TCPS", { skip }, async () => {
  const out = await liveRun("ora_network_encryption", {});
  const self = out.findings.find((x) => x.aspect === "current_session");
  assert.equal(self?.status === "pass", out.facts["own_protocol"] === "tcps");
});

test(
  "live: the retention question on UNIFIED_AUDIT_TRAIL answers one row within the call timeout; the session is UTC",
  { skip },
  async () => {
    const { olderThanCutoff } = await import("../../src/probes/ora_unified_audit/queries.js");
    const [row, tz] = await (
      await open()
    ).readOnly(async (db) => [
      (await db.query(olderThanCutoff, { cutoff: "2000-01-01T00:00:00" }))[0],
      (
        await db.query(
          statement<{ TZ: string }>({
            name: "live.session_tz",
            sql: "SELECT SESSIONTIMEZONE AS TZ FROM DUAL",
            views: ["DUAL"],
            columns: ["TZ"],
          }),
        )
      )[0],
    ]);
    assert.ok(row?.FOUND === 0 || row?.FOUND === 1, JSON.stringify(row));
    assert.match(tz?.TZ ?? "", /^(UTC|\+00:00)$/);
  },
);

test(
  "live: mixed-mode auditing is a finding, and then the traditional trails its AUDIT_TRAIL names are judged",
  { skip },
  async () => {
    const { traditionalTrails } = await import("../../src/probes/ora_unified_audit/retention.js");
    const out = await liveRun("ora_unified_audit", { ...PARAMS["ora_unified_audit"] });
    const mode = out.findings.find((x) => x.aspect === "audit_mode");
    const pure = out.facts["pure_unified_auditing"] === true;
    assert.equal(mode?.status, pure ? "pass" : "fail");
    const expected = pure
      ? ["unified"]
      : [
          "unified",
          ...traditionalTrails(
            JSON.stringify(out.facts["audit_trail_parameter"]).replace(/"/g, ""),
            JSON.stringify(out.facts["audit_sys_operations"]).replace(/"/g, ""),
          ),
        ];
    assert.deepEqual(out.facts["trails_written"], expected);
    const jobs = out.findings.filter((x) => x.aspect === "purge_job");
    assert.equal(jobs.length, expected.length, JSON.stringify(jobs));
  },
);

test(
  "live: a required policy passes only when the dictionary shows it for all users with both outcomes",
  { skip },
  async () => {
    const rows = await (
      await open()
    ).readOnly((db) =>
      db.query(
        statement<{ ENABLED_OPTION: string; ENTITY_NAME: string; SUCCESS: string; FAILURE: string }>({
          name: "live.secureconfig_rows",
          sql: "SELECT ENABLED_OPTION, ENTITY_NAME, SUCCESS, FAILURE FROM AUDIT_UNIFIED_ENABLED_POLICIES WHERE POLICY_NAME = 'ORA_SECURECONFIG'",
          views: ["AUDIT_UNIFIED_ENABLED_POLICIES"],
          columns: ["ENABLED_OPTION", "ENTITY_NAME", "SUCCESS", "FAILURE"],
        }),
      ),
    );
    const allUsers = rows.filter((r) => r.ENABLED_OPTION === "BY USER" && r.ENTITY_NAME === "ALL USERS");
    const decidable = allUsers.length > 0 ? allUsers : rows.filter((r) => r.ENABLED_OPTION === "EXCEPT USER");
    const expectPass = allUsers.length > 0 && decidable.every((r) => r.SUCCESS === "YES" && r.FAILURE === "YES");
    const out = await liveRun("ora_unified_audit", { ...PARAMS["ora_unified_audit"], audited_users: [] });
    const f = out.findings.find((x) => x.aspect === "required_policies" && x.subject === "ORA_SECURECONFIG");
    if (expectPass) assert.equal(f?.status, "pass", JSON.stringify(f));
    if (rows.length === 0) assert.equal(f?.messageId, "policyMissing");
  },
);

test(
  "live: V$DATAGUARD_STATS is read only on a standby, and ARCHIVELOG mode is judged from V$DATABASE",
  { skip },
  async () => {
    const out = await liveRun("ora_recovery", PARAMS["ora_recovery"] ?? {});
    const role = out.facts["database_role"];
    const mode = out.findings.find((x) => x.aspect === "archiving");
    assert.equal(mode?.status, out.facts["log_mode"] === "ARCHIVELOG" ? "pass" : "fail");
    const replication = out.findings.filter((x) => x.aspect === "replication").map((x) => x.messageId);
    if (role === "PRIMARY")
      assert.ok(
        replication.every((id) => !id.startsWith("applyLag")),
        replication.join(","),
      );
    else assert.equal(replication.length, 1);
  },
);
