/**
 * The least-privilege SQL (issue 14) is derived from the probes' `meta.privileges`, shown verbatim in
 * docs/probes/postgres.md, and enough: on a real server, a role created with exactly those
 * statements (placeholders written once per declared object) runs every PostgreSQL probe of this
 * suite with no privilege error, while the README's old advice (pg_monitor + pg_read_all_settings)
 * leaves pg_hba unreadable.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { PROBES } from "../../src/probes/registry.js";
import { leastPrivilegeSql, privilegeEntries } from "../../src/probes/privileges.js";
import { runOnce } from "../../src/probes/tester.js";
import { openPg, type PgHandle } from "../../src/targets/postgres.js";
import { writeAuditChain } from "../support/audit-chain.js";
import { startPostgres } from "../support/postgres.js";

const PASSWORD = "Least-Priv-Test-4c1d";
const SQL = leastPrivilegeSql(PROBES.values(), "postgres");

/** Each placeholder set the generated SQL uses → the objects of this test's database (none: not declared here). */
const OBJECTS: Readonly<Record<string, readonly Readonly<Record<string, string>>[]>> = {
  "": [{}],
  "<schema>": [{ "<schema>": "staging" }, { "<schema>": "audit" }],
  "<dataset table>,<timestamp column>": [
    { "<dataset table>": "staging.customers", "<timestamp column>": "created_at" },
    { "<dataset table>": "audit.events", "<timestamp column>": "ts" },
  ],
  "<audit table>,<chained columns>": [
    { "<audit table>": "audit.events", "<chained columns>": "seq, ts, actor, action, hash" },
  ],
  "<sampled table>": [{ "<sampled table>": "staging.customers" }],
  "<register columns>,<register table>": [],
  "<erasure table>,<key column>": [],
};

/** The generated SQL with the role, database and each declared object written in. */
function instantiate(sql: string, role: string): string {
  return sql
    .replaceAll("<auditor>", role)
    .replaceAll("<database>", "dwh")
    .replaceAll("'…'", `'${PASSWORD}'`)
    .split("\n")
    .flatMap((line) => {
      if (line.startsWith("--")) return [line];
      const key = [...new Set(line.match(/<[^>]+>/g) ?? [])].sort().join(",");
      const rows = OBJECTS[key];
      assert.ok(rows, `no test objects for placeholders ${key} in: ${line}`);
      return rows.map((row) => Object.entries(row).reduce((l, [k, v]) => l.replaceAll(k, v), line));
    })
    .join("\n");
}

const server = await startPostgres();
await server.exec("postgres", "CREATE DATABASE dwh");
await server.exec(
  "dwh",
  `SET TimeZone = 'UTC';
  CREATE ROLE app_writer LOGIN;
  CREATE SCHEMA staging; CREATE SCHEMA audit;
  CREATE TABLE staging.customers (id int PRIMARY KEY, email text, created_at timestamptz NOT NULL);
  INSERT INTO staging.customers VALUES (1, 'a@example.com', now() - interval '3 days');`,
);
const su = await server.superuserClient("dwh");
await writeAuditChain(su, "audit.events", 50);
await su.query("GRANT USAGE ON SCHEMA audit TO app_writer; GRANT INSERT ON audit.events TO app_writer");
await su.query(instantiate(SQL, "assay_min"));
// The README's advice before issue 14, for comparison.
await su.query(
  `CREATE ROLE assay_old LOGIN PASSWORD '${PASSWORD}'; GRANT pg_monitor, pg_read_all_settings TO assay_old`,
);
await su.end();

const open = (user: string): Promise<PgHandle> =>
  openPg(
    { host: server.host, port: server.port, database: "dwh", user, password: PASSWORD, ssl: { mode: "disable" } },
    { timeoutMs: 20_000, baseDir: process.cwd() },
  );
const minimal = await open("assay_min");
const old = await open("assay_old");
after(async () => {
  await Promise.all([minimal.end(), old.end()]);
  await server.stop();
});

const PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  pg_transport: { min_protocol: "TLSv1.2" },
  pg_password_storage: { password_encryption: "scram-sha-256" },
  pg_privileged_roles: { allowed_superusers: ["postgres"], allowed_risky_roles: [] },
  pg_rls: { rls_tables: ["staging.customers"] },
  pg_audit_config: {
    required_pgaudit_classes: ["ddl"],
    audit_trigger_tables: ["staging.customers"],
    audit_table: "audit.events",
    app_role: "app_writer",
  },
  pg_recovery: { max_age_hours: 24, min_standbys: 0, max_lag_bytes: 1_000_000 },
  role_matrix: { role_matrix: { schemas: ["staging"], roles: {} } },
  retention: {
    datasets: [{ table: "staging.customers", timestamp_column: "created_at", retention_days: 30 }],
    audit_log: { table: "audit.events", timestamp_column: "ts", since: "2026-01-01" },
    grace_days: 7,
    log_retention_min_days: 365,
    log_retention_max_days: 1095,
  },
  audit_chain: {
    chain: {
      table: "audit.events",
      sequence_column: "seq",
      hash_column: "hash",
      columns: ["seq", "ts", "actor", "action"],
    },
  },
  pii_discovery: { declared_tables: ["staging.customers"], schemas: ["staging"] },
};
/** PostgreSQL probes that read register tables this test does not declare (their grant is per register table). */
const REGISTERS = ["breach_register", "dsr_register", "restore_tests"];

describe("least-privilege SQL for PostgreSQL, derived from the probes", () => {
  it("every PostgreSQL privilege a probe declares is a GRANT statement or a note", () => {
    assert.deepEqual(privilegeEntries(PROBES.values(), "postgres").invalid, []);
  });

  it("docs/probes/postgres.md shows exactly the generated SQL", () => {
    const doc = readFileSync(new URL("../../docs/probes/postgres.md", import.meta.url), "utf8");
    const block = /<!-- generated: leastPrivilegeSql\(postgres\) -->\s*```sql\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.equal(block, SQL);
  });

  it("a role created with exactly that SQL runs every PostgreSQL probe with no privilege error", async () => {
    const pg = [...PROBES.values()].filter((p) => (p.meta.targetTypes as readonly string[]).includes("postgres"));
    assert.deepEqual(
      pg.map((p) => p.meta.id).filter((id) => !(id in PARAMS) && !REGISTERS.includes(id)),
      [],
      "a new PostgreSQL probe needs params here",
    );
    for (const probe of pg.filter((p) => p.meta.id in PARAMS)) {
      const run = await runOnce(probe, { type: "postgres", handle: minimal }, PARAMS[probe.meta.id] ?? {});
      assert.ok(run.ok, `${probe.meta.id}: ${run.ok ? "" : run.error}`);
      const errors = run.findings.filter((f) => f.status === "error").map((f) => `${probe.meta.id}: ${f.message}`);
      assert.deepEqual(errors, []);
    }
  });

  it("pg_monitor and pg_read_all_settings alone (the old advice) leave pg_hba unreadable", async () => {
    const run = await runOnce(PROBES.get("pg_transport")!, { type: "postgres", handle: old }, PARAMS["pg_transport"]!);
    assert.ok(run.ok);
    const hba = run.findings.find((f) => f.aspect === "hba");
    assert.equal(hba?.status, "error");
    assert.match(hba?.message ?? "", /pg_hba rules cannot be read: .*permission denied for view pg_hba_file_rules/);
  });
});
