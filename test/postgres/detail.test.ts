/**
 * PostgreSQL detail (issue 12) on one real server: pg_hba rules named in full with md5, password and
 * loopback trust judged; the role matrix with ALL, `schema.*` and sequence wildcards, effective
 * privileges per login role (membership, PUBLIC) and database CONNECT; RLS and audit-trigger tables
 * declared apart from personal data; audit-log retention judged from the oldest entry present; and
 * messages that state every privilege seen.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import pgAuditConfig from "../../src/probes/pg_audit_config/index.js";
import pgRls from "../../src/probes/pg_rls/index.js";
import pgTransport from "../../src/probes/pg_transport/index.js";
import retention from "../../src/probes/retention/index.js";
import roleMatrix from "../../src/probes/role_matrix/index.js";
import type { AnyProbe } from "../../src/probes/define.js";
import { assertWellFormed, runOnce } from "../../src/probes/tester.js";
import { openPg } from "../../src/targets/postgres.js";
import { startPostgres } from "../support/postgres.js";

const server = await startPostgres({
  ssl: true,
  hba: [
    "local all all trust",
    "hostssl all all 127.0.0.1/32 scram-sha-256",
    "host all all ::1/128 trust",
    "hostssl all all 172.16.0.0/12 md5",
    "hostssl sales carol 192.168.10.0/24 password",
    "host all all 10.0.0.0/8 trust",
  ],
});
await server.exec("postgres", "CREATE DATABASE dwh");
await server.exec(
  "dwh",
  `
  CREATE ROLE analyst; CREATE ROLE loader; CREATE ROLE carol LOGIN; CREATE ROLE dave LOGIN;
  CREATE ROLE app_writer LOGIN; GRANT analyst TO carol;
  CREATE SCHEMA staging; CREATE SCHEMA mart; CREATE SCHEMA audit;
  CREATE TABLE staging.customers (id serial PRIMARY KEY, email text, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE staging.orders (id serial PRIMARY KEY, customer_id int, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE mart.daily (day date PRIMARY KEY, total numeric);
  GRANT USAGE ON SCHEMA mart, staging TO analyst; GRANT SELECT ON ALL TABLES IN SCHEMA mart TO analyst;
  GRANT SELECT ON staging.customers TO analyst;
  GRANT USAGE ON SCHEMA staging TO loader; GRANT ALL ON ALL TABLES IN SCHEMA staging TO loader;
  REVOKE TRUNCATE ON staging.orders FROM loader;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA staging TO loader;
  GRANT UPDATE ON SEQUENCE staging.customers_id_seq TO loader;
  GRANT SELECT ON staging.orders TO PUBLIC;
  REVOKE CONNECT ON DATABASE dwh FROM PUBLIC; GRANT CONNECT ON DATABASE dwh TO analyst, loader, dave;
  ALTER TABLE staging.customers ENABLE ROW LEVEL SECURITY;
  CREATE FUNCTION audit.log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
  CREATE TRIGGER audit_orders AFTER INSERT OR UPDATE OR DELETE ON staging.orders FOR EACH ROW EXECUTE FUNCTION audit.log_change();
  CREATE TABLE audit.events (ts timestamptz NOT NULL, what text);
  GRANT USAGE ON SCHEMA audit TO app_writer; GRANT SELECT, INSERT ON audit.events TO app_writer;
  INSERT INTO audit.events SELECT now() - g * interval '1 day', 'event' FROM generate_series(0, 30) g;
  CREATE TABLE audit.old_events (ts timestamptz NOT NULL);
  INSERT INTO audit.old_events SELECT now() - g * interval '1 day' FROM generate_series(0, 1200, 10) g;`,
);
const handle = await openPg(
  {
    host: server.host,
    port: server.port,
    database: "dwh",
    user: server.superuser.user,
    password: server.superuser.password,
    ssl: { mode: "require" },
  },
  { timeoutMs: 20_000, baseDir: process.cwd() },
);
after(async () => {
  await handle.end();
  await server.stop();
});

const target = { type: "postgres" as const, handle };
/** Run through `runProbe` and return "messageId:status message" lines, the way a report shows them. */
async function lines(probe: AnyProbe, params: Record<string, unknown>, aspect?: string): Promise<string[]> {
  const run = assertWellFormed(probe, await runOnce(probe, target, params));
  return run.findings.filter((f) => !aspect || f.aspect === aspect).map((f) => `${f.status} ${f.message}`);
}

describe("pg_hba: every rule named in full; md5, password and (strict) loopback trust are findings", () => {
  it("baseline: md5, cleartext password, remote trust and plain host are named by line and rule", async () => {
    assert.deepEqual(await lines(pgTransport, { min_protocol: "TLSv1.2" }, "hba"), [
      "fail pg_hba line 4 `hostssl all all 172.16.0.0/12 md5`: md5 authentication (MD5 challenge; use scram-sha-256)",
      "fail pg_hba line 5 `hostssl sales carol 192.168.10.0/24 password`: password authentication sends the password in clear text",
      "fail pg_hba line 6 `host all all 10.0.0.0/8 trust`: trust lets clients from 10.0.0.0/8 in without a password",
      "fail pg_hba line 6 `host all all 10.0.0.0/8 trust`: host accepts unencrypted connections from 10.0.0.0/8 (use hostssl)",
    ]);
  });

  it("strict: loopback and socket trust are findings too, from the profile's sourced threshold", async () => {
    const strict = parse(readFileSync(new URL("../../controls/profiles/strict.yaml", import.meta.url), "utf8")) as {
      values: Record<string, { value: unknown; sources: string[] }>;
    };
    const threshold = strict.values["db.allow_loopback_trust"];
    assert.equal(threshold?.value, false);
    assert.ok((threshold?.sources.length ?? 0) > 0);
    const out = await lines(pgTransport, { min_protocol: "TLSv1.2", allow_loopback_trust: threshold?.value }, "hba");
    assert.deepEqual(
      out.filter((l) => l.includes("any local user")),
      [
        "fail pg_hba line 1 `local all all trust`: trust lets any local user in as any role without a password (the profile allows no loopback trust)",
        "fail pg_hba line 3 `host all all ::1/128 trust`: trust lets any local user in as any role without a password (the profile allows no loopback trust)",
      ],
    );
    assert.equal(out.length, 6);
  });
});

const MATRIX = {
  schemas: ["staging", "mart"],
  roles: {
    analyst: [
      { schema: "mart", privileges: ["USAGE"] },
      { tables: ["mart.*"], privileges: ["SELECT"] },
    ],
    loader: [
      { schema: "staging", privileges: ["USAGE"] },
      { tables: ["staging.*"], privileges: ["ALL"] },
      { sequences: ["staging.*"], privileges: ["USAGE", "SELECT"] },
    ],
  },
  databases: { dwh: ["analyst", "loader"], postgres: ["analyst"] },
};

describe("role matrix: ALL, schema.* and sequences; effective privileges per login role; CONNECT", () => {
  it("ALL expands to every table privilege, schema.* and sequence wildcards cover what they name", async () => {
    assert.deepEqual(await lines(roleMatrix, { role_matrix: MATRIX }, "role_matrix"), [
      "fail analyst holds SELECT on staging.customers, beyond the role matrix",
      "fail analyst holds USAGE on schema staging, beyond the role matrix",
      "fail loader holds UPDATE on sequence staging.customers_id_seq, beyond the role matrix",
      "fail loader lacks TRUNCATE on staging.orders, declared in the role matrix",
    ]);
  });

  it("names what each login role can use through membership and through PUBLIC", async () => {
    assert.deepEqual(await lines(roleMatrix, { role_matrix: MATRIX }, "effective_privileges"), [
      "fail carol (member of analyst) can SELECT staging.customers, beyond the role matrix",
      "fail carol (through PUBLIC) can SELECT staging.orders, beyond the role matrix",
    ]);
    const run = assertWellFormed(roleMatrix, await runOnce(roleMatrix, target, { role_matrix: MATRIX }));
    assert.ok((run.facts["effective"] as string[]).includes("carol (member of analyst) can SELECT mart.daily"));
  });

  it("judges CONNECT on the declared databases, naming who gets in through PUBLIC", async () => {
    const out = await lines(roleMatrix, { role_matrix: MATRIX }, "database_connect");
    assert.deepEqual(out.slice(0, 2), [
      "fail dave can CONNECT to dwh, not declared in the role matrix",
      "fail PUBLIC can CONNECT to postgres, not declared in the role matrix: every login role can (app_writer, carol, dave, postgres)",
    ]);
    assert.equal(out[2], "fail analyst lacks CONNECT on postgres, declared in the role matrix");
  });
});

describe("separate declarations: RLS tables and audit-trigger tables apart from personal data", () => {
  it("RLS is judged on rls_tables, audit triggers on audit_trigger_tables", async () => {
    assert.deepEqual(await lines(pgRls, { rls_tables: ["staging.customers"] }, "rls_enabled"), [
      "pass row-level security is enabled on staging.customers (0 policies)",
    ]);
    const audit = { required_pgaudit_classes: ["ddl"], audit_trigger_tables: ["staging.orders"] };
    assert.deepEqual(await lines(pgAuditConfig, audit, "pii_triggers"), [
      "pass staging.orders has audit triggers for INSERT, UPDATE and DELETE",
    ]);
  });
});

describe("messages state every privilege seen", () => {
  it("a role holding SELECT and INSERT on the audit table is described with both", async () => {
    const audit = { required_pgaudit_classes: ["ddl"], audit_table: "audit.events", app_role: "app_writer" };
    assert.deepEqual(await lines(pgAuditConfig, audit, "audit_append_only"), [
      "pass app_writer holds SELECT, INSERT on audit.events: it can add entries but not change or remove them",
    ]);
  });
});

describe("audit-log retention judged from the data", () => {
  const range = { grace_days: 7, log_retention_min_days: 365, log_retention_max_days: 1095 };
  const log = { table: "audit.events", timestamp_column: "ts" };
  const LOG = "audit_log_retention";

  it("a declared 400 days within range fails when the oldest entry present is 30 days old", async () => {
    assert.deepEqual(await lines(retention, { ...range, audit_log: { ...log, retention_days: 400 } }, LOG), [
      "fail audit log audit.events: the oldest entry is 30 days old, less than the minimum retention of 365 days: older entries are gone (declare `since` if the log started later)",
    ]);
  });

  it("without a declared retention, the minimum and the maximum are both judged from the entries", async () => {
    assert.deepEqual(
      await lines(retention, { ...range, audit_log: { table: "audit.old_events", timestamp_column: "ts" } }, LOG),
      ["fail audit log audit.old_events: 10 entries are older than the maximum 1095 + 7 days (oldest 1200 days)"],
    );
  });

  it("a log that started 30 days ago and still holds its first entry passes", async () => {
    const since = new Date(Date.now() - 30.5 * 86_400_000).toISOString().slice(0, 10);
    const out = await lines(retention, { ...range, audit_log: { ...log, retention_days: 400, since } }, LOG);
    assert.equal(out.length, 1);
    assert.match(
      out[0] ?? "",
      /^pass audit log audit\.events: oldest entry 30 days old, every entry since the log started/,
    );
  });
});
