/**
 * @module The demo's PostgreSQL: an ETL warehouse staging area with the mistakes an audit should find —
 * an operator with one grant too many, customers kept past retention, a tampered row in the
 * hash-chained audit table, PUBLIC CREATE left on schema public, SSL off, no row-level security.
 */
import { writeAuditChain } from "../test/support/audit-chain.js";
import { startPostgres, type RunningPostgres } from "../test/support/postgres.js";
import { createQaCopy } from "./data-protection.js";

/** The role matrix the platform team declared: what each application role may do. */
export const ROLE_MATRIX = {
  schemas: ["staging", "mart"],
  roles: {
    etl_admin: [
      { schema: "staging", privileges: ["USAGE", "CREATE"] },
      { schema: "staging", tables: "*", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"] },
    ],
    data_engineer: [
      { schema: "staging", privileges: ["USAGE"] },
      { schema: "staging", tables: "*", privileges: ["SELECT", "INSERT", "UPDATE"] },
    ],
    analyst: [
      { schema: "mart", privileges: ["USAGE"] },
      { schema: "mart", tables: "*", privileges: ["SELECT"] },
    ],
    operator: [
      { schema: "staging", privileges: ["USAGE"] },
      { schema: "staging", tables: ["staging.load_jobs"], privileges: ["SELECT", "UPDATE"] },
    ],
    assay_ro: [
      { schema: "staging", privileges: ["USAGE"], optional: true },
      { schema: "staging", tables: "*", privileges: ["SELECT"], optional: true },
      { schema: "mart", privileges: ["USAGE"], optional: true },
      { schema: "mart", tables: "*", privileges: ["SELECT"], optional: true },
    ],
  },
};

/** The QA copy's matrix: only the auditor reads it; no application role has any grant there. */
export const QA_ROLE_MATRIX = {
  schemas: ["staging"],
  roles: {
    assay_ro: [
      { schema: "staging", privileges: ["USAGE"], optional: true },
      { schema: "staging", tables: "*", privileges: ["SELECT"], optional: true },
    ],
  },
};

export interface Warehouse {
  readonly server: RunningPostgres;
  readonly auditorPassword: string;
  stop(): Promise<void>;
}

export async function startWarehouse(): Promise<Warehouse> {
  const auditorPassword = `demo-${crypto.randomUUID()}`;
  const server = await startPostgres({ ssl: false, conf: { log_connections: "on", log_disconnections: "off" } });
  try {
    await server.exec(
      "postgres",
      `
      CREATE ROLE assay_ro LOGIN PASSWORD '${auditorPassword}';
      GRANT pg_monitor, pg_read_all_settings TO assay_ro;
      CREATE ROLE etl_admin; CREATE ROLE data_engineer; CREATE ROLE analyst; CREATE ROLE operator;
      CREATE ROLE etl_app LOGIN PASSWORD '${crypto.randomUUID()}';`,
    );
    await server.exec("postgres", "CREATE DATABASE warehouse");
    await server.exec(
      "warehouse",
      `
      SET TimeZone = 'UTC';
      GRANT SELECT ON pg_hba_file_rules TO assay_ro;
      GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO assay_ro;
      GRANT CREATE ON SCHEMA public TO PUBLIC;
      CREATE SCHEMA staging; CREATE SCHEMA mart; CREATE SCHEMA audit;
      CREATE TABLE staging.customers (id int PRIMARY KEY, email text NOT NULL, full_name text, country char(2), created_at timestamptz NOT NULL);
      CREATE TABLE staging.load_jobs (id int PRIMARY KEY, source text, state text, started_at timestamptz);
      CREATE TABLE mart.daily_revenue (day date PRIMARY KEY, total numeric);
      GRANT USAGE, CREATE ON SCHEMA staging TO etl_admin;
      GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA staging TO etl_admin;
      GRANT USAGE ON SCHEMA staging TO data_engineer, operator, assay_ro;
      GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA staging TO data_engineer;
      GRANT SELECT, UPDATE ON staging.load_jobs TO operator;
      GRANT DELETE ON staging.customers TO operator;               -- the one grant too many
      GRANT USAGE ON SCHEMA mart TO analyst; GRANT SELECT ON ALL TABLES IN SCHEMA mart TO analyst;
      GRANT SELECT ON ALL TABLES IN SCHEMA staging TO assay_ro;
      GRANT USAGE ON SCHEMA mart TO assay_ro; GRANT SELECT ON ALL TABLES IN SCHEMA mart TO assay_ro;
      CREATE TABLE audit.changes (at timestamptz DEFAULT now(), tbl text, op text);
      CREATE FUNCTION audit.log_change() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN INSERT INTO audit.changes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;
      CREATE TRIGGER audit_customers AFTER INSERT OR UPDATE OR DELETE ON staging.customers FOR EACH ROW EXECUTE FUNCTION audit.log_change();
      INSERT INTO staging.customers
        SELECT g, 'customer' || g || '@example.com', 'Customer ' || g, 'DE', now() - (g % 900) * interval '1 day' FROM generate_series(1, 500) g;
      INSERT INTO staging.load_jobs VALUES (1, 'oracle-wms', 'done', now() - interval '1 hour');`,
    );
    const c = await server.superuserClient("warehouse");
    try {
      await writeAuditChain(c, "audit.events", 2000);
      await c.query(`
        GRANT USAGE ON SCHEMA audit TO etl_app, assay_ro;
        GRANT INSERT ON audit.events TO etl_app; GRANT SELECT ON audit.events, audit.changes TO assay_ro;
        UPDATE audit.events SET actor = 'nobody' WHERE seq = 1234;  -- the tampered row`);
    } finally {
      await c.end();
    }
    await createQaCopy(server);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { server, auditorPassword, stop: () => server.stop() };
}
