/**
 * @module Two real PostgreSQL clusters for the probe tests: one set up the way an auditor wants it,
 * one with every misconfiguration the probes must catch. Both hold database `dwh` with schemas
 * staging (personal data), mart, audit (hash-chained `audit.events`).
 */
import { auditedDb, type AuditedDb } from "../support/auditor.js";
import { startPostgres } from "../support/postgres.js";
import { writeAuditChain } from "../support/audit-chain.js";

export const PASSWORD = "Assay-Test-Secret-9f3b2c";
const DAY = 86_400_000;

export const ROLE_MATRIX = {
  schemas: ["staging", "mart"],
  roles: {
    analyst: [
      { schema: "mart", privileges: ["USAGE"] },
      { schema: "mart", tables: "*", privileges: ["SELECT"] },
    ],
    data_engineer: [
      { schema: "staging", privileges: ["USAGE"] },
      { schema: "staging", tables: "*", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    ],
    assay_ro: [
      { schema: "staging", privileges: ["USAGE"], optional: true },
      { schema: "staging", tables: "*", privileges: ["SELECT"], optional: true },
    ],
  },
};

const COMMON = (good: boolean) => `
  CREATE ROLE assay_ro LOGIN PASSWORD '${PASSWORD}';
  GRANT pg_monitor TO assay_ro;
  CREATE ROLE nopriv LOGIN PASSWORD '${PASSWORD}';
  CREATE ROLE analyst; CREATE ROLE data_engineer; CREATE ROLE app_writer LOGIN PASSWORD '${PASSWORD}';
  ${
    good
      ? ""
      : `CREATE ROLE dba_bob SUPERUSER LOGIN PASSWORD '${PASSWORD}';
  CREATE ROLE etl_svc LOGIN CREATEDB CREATEROLE PASSWORD '${PASSWORD}';
  GRANT pg_read_server_files TO etl_svc;`
  }`;

const DWH = (good: boolean) => `
  SET TimeZone = 'UTC';
  GRANT SELECT ON pg_hba_file_rules TO assay_ro;
  GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO assay_ro;
  ${good ? "REVOKE CREATE ON SCHEMA public FROM PUBLIC;" : "GRANT CREATE ON SCHEMA public TO PUBLIC;"}
  CREATE SCHEMA staging; CREATE SCHEMA mart; CREATE SCHEMA audit;
  CREATE TABLE staging.customers (id int PRIMARY KEY, email text, created_at timestamptz NOT NULL);
  CREATE TABLE staging.orders (id int PRIMARY KEY, customer_id int, created_at timestamptz NOT NULL);
  CREATE TABLE mart.daily (day date, total numeric);
  GRANT USAGE ON SCHEMA staging TO data_engineer, assay_ro; GRANT USAGE ON SCHEMA mart TO analyst;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA staging TO data_engineer;
  GRANT SELECT ON ALL TABLES IN SCHEMA mart TO analyst;
  GRANT SELECT ON ALL TABLES IN SCHEMA staging TO assay_ro;
  ${
    good
      ? `ALTER TABLE staging.customers ENABLE ROW LEVEL SECURITY; ALTER TABLE staging.customers FORCE ROW LEVEL SECURITY;
  CREATE POLICY own_rows ON staging.customers USING (email = current_user);`
      : `GRANT INSERT ON mart.daily TO analyst;
  REVOKE DELETE ON staging.orders FROM data_engineer; GRANT SELECT ON staging.orders TO PUBLIC;`
  }
  CREATE TABLE audit.changes (at timestamptz DEFAULT now(), tbl text, op text);
  CREATE FUNCTION audit.log_change() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN INSERT INTO audit.changes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;
  ${good ? "CREATE TRIGGER audit_customers AFTER INSERT OR UPDATE OR DELETE ON staging.customers FOR EACH ROW EXECUTE FUNCTION audit.log_change();" : "CREATE TRIGGER audit_customers AFTER INSERT ON staging.customers FOR EACH ROW EXECUTE FUNCTION audit.log_change();"}
  INSERT INTO staging.customers VALUES (1, 'a@example.com', now() - interval '10 days'), (2, 'b@example.com', now() - interval '${good ? 20 : 400} days');
  INSERT INTO staging.orders VALUES (1, 1, now() - interval '5 days');`;

const AUDIT = (good: boolean) => `
  GRANT USAGE ON SCHEMA audit TO app_writer, assay_ro;
  GRANT INSERT ON audit.events TO app_writer; GRANT SELECT ON audit.events TO assay_ro;
  ${
    good
      ? ""
      : `GRANT UPDATE, DELETE ON audit.events TO app_writer;
  UPDATE audit.events SET action = 'nothing happened' WHERE seq = 40;
  DELETE FROM audit.events WHERE seq IN (70, 71);
  UPDATE audit.events SET ts = now() - interval '900 days' WHERE seq = 1;`
  }`;

export type Cluster = AuditedDb;

export async function startCluster(kind: "compliant" | "misconfigured"): Promise<Cluster> {
  const good = kind === "compliant";
  const server = await startPostgres(
    good
      ? {
          ssl: true,
          conf: { log_connections: "on", log_disconnections: "on" },
          hba: [
            "local all all scram-sha-256",
            "hostssl all all 127.0.0.1/32 scram-sha-256",
            "hostnossl all all 0.0.0.0/0 reject",
          ],
        }
      : {
          conf: { password_encryption: "md5" },
          hba: [
            "local all all trust",
            "host all all 127.0.0.1/32 md5",
            "host all all 10.0.0.0/8 trust",
            "host all all 0.0.0.0/0 md5",
            "hostssl all all 192.168.0.0/16 password",
          ],
        },
  );
  try {
    await server.exec("postgres", COMMON(good));
    await server.exec("postgres", "CREATE DATABASE dwh");
    await server.exec("dwh", DWH(good));
    const c = await server.superuserClient("dwh");
    try {
      await writeAuditChain(c, "audit.events", 200);
      await c.query(AUDIT(good));
    } finally {
      await c.end();
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  return auditedDb(server, "dwh", PASSWORD, good ? "require" : "disable");
}

export const RETENTION = {
  datasets: [{ table: "staging.customers", timestamp_column: "created_at", retention_days: 30 }],
  // The chain starts on 2026-01-01 (test/support/audit-chain.ts): the log is younger than the minimum.
  audit_log: { table: "audit.events", timestamp_column: "ts", retention_days: 365, since: "2026-01-01" },
  grace_days: 7,
  log_retention_min_days: 365,
  log_retention_max_days: 1095,
};

export const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
