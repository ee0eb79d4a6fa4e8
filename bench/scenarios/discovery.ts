/**
 * @module Personal-data discovery at scale: `pii_discovery` over 200 tables × 100,000 rows in a real
 * PostgreSQL, with the default budget (200 sampled rows per table, 60 s in all), against the same
 * tables at 10,000 rows (cost must follow the sample, not the table) and with 10× the sample rows
 * (cost must follow the sample). `BENCH_DISCOVERY_TABLES` / `BENCH_DISCOVERY_ROWS` scale it down.
 */
import type piiDiscoveryProbe from "../../src/probes/pii_discovery/index.js";
import type { PgHandle } from "../../src/targets/postgres.js";
import type { Figure, Scenario } from "../harness.js";

const TABLES = Number(process.env["BENCH_DISCOVERY_TABLES"] ?? 200);
const ROWS = Number(process.env["BENCH_DISCOVERY_ROWS"] ?? 100_000);

/** One template table of realistic rows, copied into `tables` tables of `schema` and analysed. */
function fillSql(schema: string, tables: number, rows: number): string {
  return `
    CREATE SCHEMA ${schema};
    CREATE UNLOGGED TABLE ${schema}.template AS
      SELECT g AS id, 'user' || g || '@example.org' AS email, '+49 30 ' || (2000000 + g) AS phone,
             md5(g::text) AS note, date '1970-01-01' + (g % 15000) AS born
        FROM generate_series(1, ${rows}) g;
    DO $$ BEGIN FOR i IN 1..${tables} LOOP
      EXECUTE format('CREATE UNLOGGED TABLE ${schema}.t%s AS TABLE ${schema}.template', i);
    END LOOP; END $$;
    DROP TABLE ${schema}.template;
    ANALYZE;`;
}

async function discover(
  probe: typeof piiDiscoveryProbe,
  handle: PgHandle,
  schema: string,
  sampleRows: number,
): Promise<{ seconds: number; tables: number; columns: number; budgetHit: boolean }> {
  const { runOnce, assertWellFormed } = await import("../../src/probes/tester.js");
  const t0 = performance.now();
  const params = { declared_tables: [], schemas: [schema], sample_rows: sampleRows };
  const target = { id: "bench", type: "postgres" as const, handle };
  const out = assertWellFormed(probe, await runOnce(probe, target, params, { timeoutMs: 600_000 })).raw;
  const seconds = Math.round((performance.now() - t0) / 10) / 100;
  const facts = out.facts as { tablesSampled?: number; columns?: unknown[] };
  return {
    seconds,
    tables: Number(facts.tablesSampled ?? 0),
    columns: Array.isArray(facts.columns) ? facts.columns.length : 0,
    budgetHit: out.findings.some((f) => f.messageId === "budgetExhausted"),
  };
}

export const piiDiscovery: Scenario = {
  name: `pii_discovery: ${TABLES} tables × ${ROWS} rows, default budget (200 rows/table, 60 s)`,
  async run(): Promise<Figure[]> {
    const { startPostgres } = await import("../../test/support/postgres.js");
    const { openPg } = await import("../../src/targets/postgres.js");
    const probe = (await import("../../src/probes/pii_discovery/index.js")).default;
    const server = await startPostgres({ conf: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } });
    try {
      const t0 = performance.now();
      await server.exec("postgres", fillSql("big", TABLES, ROWS));
      await server.exec("postgres", fillSql("small", TABLES, Math.max(1, Math.floor(ROWS / 10))));
      const loadSeconds = Math.round((performance.now() - t0) / 100) / 10;
      const h = await openPg(
        {
          host: server.host,
          port: server.port,
          database: "postgres",
          user: "postgres",
          password: server.superuser.password,
        },
        { timeoutMs: 600_000, baseDir: "." },
      );
      try {
        await discover(probe, h, "small", 200); // warm-up: module loading, regexes, plans
        const big = await discover(probe, h, "big", 200);
        const small = await discover(probe, h, "small", 200);
        const bigTenfold = await discover(probe, h, "big", 2000);
        if (big.budgetHit || big.tables !== TABLES)
          throw new Error(`discovery covered ${big.tables} of ${TABLES} tables (budget hit: ${big.budgetHit})`);
        return [
          { name: "load (not measured against a target)", value: loadSeconds, unit: "s" },
          { name: `${TABLES} × ${ROWS} rows, 200 rows/table`, value: big.seconds, unit: "s", target: "< 60 s budget" },
          { name: `  columns with personal data found`, value: big.columns, unit: "columns" },
          { name: `${TABLES} × ${Math.floor(ROWS / 10)} rows, 200 rows/table`, value: small.seconds, unit: "s" },
          {
            name: "  ratio 10× table size, same sample",
            value: Math.round((big.seconds / small.seconds) * 100) / 100,
            unit: "×",
            target: "≈ 1 (cost follows the sample)",
          },
          { name: `${TABLES} × ${ROWS} rows, 2000 rows/table`, value: bigTenfold.seconds, unit: "s" },
          {
            name: "  ratio 10× sample, same tables",
            value: Math.round((bigTenfold.seconds / big.seconds) * 100) / 100,
            unit: "×",
            target: "> 1 (grows with the sample)",
          },
        ];
      } finally {
        await h.end();
      }
    } finally {
      await server.stop();
    }
  },
};
