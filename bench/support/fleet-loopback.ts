/**
 * @module The fleet bench's loopback fleet: TLS endpoints (one server per port, all in this
 * process), one embedded PostgreSQL cluster with a database per target, and a project folder whose
 * targets come from inventory files with group templates (half endpoints, 30 % databases, 20 %
 * application config files). Shared by the bench scenario and by anyone profiling it by hand.
 */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { fileURLToPath } from "node:url";
import { startPostgres, type RunningPostgres } from "../../test/support/postgres.js";
import { makeCaAndLeaf } from "../../test/support/tls.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface LoopbackFleet {
  readonly servers: readonly tls.Server[];
  readonly pg: RunningPostgres;
  readonly caPem: string;
  /** A project folder auditing the first `n` targets of the fleet. */
  project(n: number): string;
  stop(): Promise<void>;
}

/** Enough servers and databases for a fleet of `largest` targets. */
export async function startLoopbackFleet(largest: number): Promise<LoopbackFleet> {
  const nTls = Math.ceil(largest * 0.5);
  const nPg = Math.ceil(largest * 0.3);
  const { ca, leaf } = await makeCaAndLeaf();
  const servers = await Promise.all(
    Array.from({ length: nTls }, async () => {
      const s = tls.createServer({ key: leaf.key, cert: leaf.cert, minVersion: "TLSv1.2" }, (c) => c.end());
      s.on("tlsClientError", () => undefined);
      await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
      return s;
    }),
  );
  const pg = await startPostgres({ conf: { max_connections: "300" } });
  // Every database is a copy of one template holding what the checks' target attributes name, so
  // each PostgreSQL check judges something real (an undeclared attribute is an error, rightly).
  await pg.exec("postgres", "CREATE ROLE app_rw");
  await pg.exec("postgres", "CREATE DATABASE fleet_template");
  await pg.exec("fleet_template", TEMPLATE_SQL);
  const admin = await pg.superuserClient();
  for (let i = 1; i <= nPg; i++) await admin.query(`CREATE DATABASE db${i} TEMPLATE fleet_template`);
  await admin.end();
  return {
    servers,
    pg,
    caPem: ca.cert,
    project: (n) => writeProject(n, servers, pg, ca.cert),
    async stop() {
      for (const s of servers) s.close();
      await pg.stop();
    },
  };
}

const TEMPLATE_SQL = `
  CREATE SCHEMA staging;
  CREATE TABLE staging.customers (id int PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL);
  ALTER TABLE staging.customers ENABLE ROW LEVEL SECURITY;
  CREATE POLICY own_rows ON staging.customers TO app_rw USING (true);
  CREATE TABLE staging.changes (at timestamptz DEFAULT now(), tbl text, op text);
  CREATE FUNCTION staging.log_change() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN INSERT INTO staging.changes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;
  CREATE TRIGGER audit_customers AFTER INSERT OR UPDATE OR DELETE ON staging.customers
    FOR EACH ROW EXECUTE FUNCTION staging.log_change();
  GRANT USAGE ON SCHEMA staging TO app_rw;
  GRANT SELECT, INSERT, UPDATE ON staging.customers TO app_rw;
  INSERT INTO staging.customers
    SELECT g, 'customer' || g || '@example.com', now() - (g % 500) * interval '1 day' FROM generate_series(1, 100) g;`;

/** The attributes of every database target (the pg group's template), in the shapes the checks read. */
const PG_ATTRIBUTES = JSON.stringify({
  personal_data_tables: ["staging.customers"],
  rls_tables: ["staging.customers"],
  audit_trigger_tables: ["staging.customers"],
  retention_datasets: [{ table: "staging.customers", timestamp_column: "created_at", retention_days: 365 }],
  role_matrix: {
    schemas: ["staging"],
    roles: {
      app_rw: [
        { schema: "staging", privileges: ["USAGE"] },
        { schema: "staging", tables: ["staging.customers"], privileges: ["SELECT", "INSERT", "UPDATE"] },
      ],
    },
  },
});

function writeProject(n: number, servers: readonly tls.Server[], pg: RunningPostgres, caPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-fleet-"));
  cpSync(join(root, "examples/config/compliant.yaml"), join(dir, "app.yaml"));
  writeFileSync(join(dir, "ca.pem"), caPem);
  const nTls = Math.round(n * 0.5);
  const nPg = Math.round(n * 0.3);
  const nFile = n - nTls - nPg;
  const port = (s: tls.Server | undefined) => (s?.address() as AddressInfo).port;
  writeFileSync(
    join(dir, "endpoints.csv"),
    `id,url\n${servers
      .slice(0, nTls)
      .map((s, i) => `tls-${i},https://127.0.0.1:${port(s)}/`)
      .join("\n")}\n`,
  );
  writeFileSync(
    join(dir, "databases.csv"),
    `id,database\n${Array.from({ length: nPg }, (_, i) => `pg-${i},db${i + 1}`).join("\n")}\n`,
  );
  writeFileSync(
    join(dir, "configs.jsonl"),
    Array.from({ length: nFile }, (_, i) => JSON.stringify({ id: `cfg-${i}`, group: "cfg" })).join("\n") + "\n",
  );
  writeFileSync(
    join(dir, "assay.yaml"),
    `project: { name: fleet-bench }
inventory:
  groups:
    tls: { type: endpoint, tags: [tls], connection: { ca: ca.pem, servername: localhost } }
    pg: { type: postgres, tags: [pii], connection: { host: 127.0.0.1, port: ${pg.port}, user: ${pg.superuser.user}, password: "\${env:PG_PASSWORD}", pool_max: 2 }, attributes: ${PG_ATTRIBUTES} }
    cfg: { type: file, tags: [app-config], connection: { path: app.yaml } }
  files:
    - { path: endpoints.csv, group: tls }
    - { path: databases.csv, group: pg }
    - configs.jsonl
run: { concurrency: 16, per_target_concurrency: 2, timeout_seconds: 60 }
`,
  );
  return dir;
}
