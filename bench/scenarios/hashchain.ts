/**
 * @module Audit-log integrity at scale: hash-chained tables of 1,000,000 (and 5,000,000) rows in a
 * real PostgreSQL, verified by the `audit_chain` probe through `COPY … TO STDOUT` with a declared
 * recipe (`RECIPE_CHAIN`: six fields, ISO 8601 timestamps with microseconds re-rendered from
 * PostgreSQL's text, numbers, booleans, the stored previous hash as suffix; own hash and linkage
 * checked apart) and, at 1,000,000 rows, with the built-in form as a reference. The verification runs
 * in a child process on dist/ so its peak RSS is measured alone. `BENCH_HASHCHAIN_ROWS=1000000` runs one size.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Figure, Scenario } from "../harness.js";

const run = promisify(execFile);
const BUILT_IN = {
  table: "audit.events",
  sequence_column: "seq",
  hash_column: "hash",
  columns: ["seq", "ts", "actor", "action"],
};

interface Measured {
  readonly rows: number;
  readonly seconds: number;
  /** CPU time of the verifying process alone (median run): what the load of a shared machine changes least. */
  readonly cpuSeconds: number;
  readonly rawSeconds: number;
  readonly peakRssMb: number;
  readonly status: string;
}

/**
 * Child side, as the CLI runs in production: plain `node` on the built `dist/` (`npm run bench` builds
 * first), so tsx's compiler is not counted in the peak RSS. Verifies the chain three times through
 * `runProbe` (the engine's path: the recipe's defaults filled from its schema) after timing a bare
 * COPY stream as the reference; prints `Measured` as JSON.
 */
const CHILD = `
const dist = (p) => import(new URL(p, process.env.BENCH_DIST).href);
const { openPg } = await dist("targets/postgres.js");
const { runProbe } = await dist("probes/run.js");
const probe = (await dist("probes/audit_chain/index.js")).default;
const chain = JSON.parse(process.env.BENCH_CHAIN);
const h = await openPg(
  { host: "127.0.0.1", port: Number(process.env.BENCH_PG_PORT), database: "postgres", user: "postgres", password: process.env.BENCH_PG_PASSWORD },
  { timeoutMs: 600000, baseDir: "." },
);
let t0 = performance.now();
for await (const chunk of h.copyOut("SELECT * FROM " + chain.table + " ORDER BY seq")) void chunk;
const rawSeconds = (performance.now() - t0) / 1000;
const times = [];
const cpu = [];
let out;
for (let i = 0; i < 3; i++) {
  t0 = performance.now();
  const c0 = process.cpuUsage();
  const target = { id: "bench", type: "postgres", tags: [] };
  out = await runProbe({ probe, params: { chain }, target, open: async () => h, timeoutMs: 600000 });
  times.push((performance.now() - t0) / 1000);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e6);
}
await h.end();
process.stdout.write(JSON.stringify({
  rows: out.ok ? Number(out.facts.records) : 0,
  seconds: times.sort((a, b) => a - b)[1],
  cpuSeconds: cpu.sort((a, b) => a - b)[1],
  rawSeconds,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  status: out.ok ? out.findings.map((f) => f.messageId).join(",") : "error " + out.error,
}));
`;

async function measure(rows: number, forms: readonly ("recipe" | "built-in")[]): Promise<Figure[]> {
  const { startPostgres } = await import("../../test/support/postgres.js");
  const { writeAuditChain, writeRecipeChain, RECIPE_CHAIN } = await import("../../test/support/audit-chain.js");
  const server = await startPostgres({ conf: { shared_buffers: "'256MB'", fsync: "off", synchronous_commit: "off" } });
  const figures: Figure[] = [];
  const label = rows.toLocaleString("en");
  try {
    const c = await server.superuserClient();
    try {
      await c.query("CREATE SCHEMA audit");
      if (forms.includes("recipe")) await writeRecipeChain(c, "audit.trail", rows);
      if (forms.includes("built-in")) await writeAuditChain(c, "audit.events", rows);
      await c.query("VACUUM ANALYZE");
    } finally {
      await c.end();
    }
    for (const form of forms) {
      const chain = form === "recipe" ? { ...RECIPE_CHAIN, table: "audit.trail" } : BUILT_IN;
      const env = {
        ...process.env,
        BENCH_DIST: new URL("../../dist/", import.meta.url).href,
        BENCH_CHAIN: JSON.stringify(chain),
        BENCH_PG_PORT: String(server.port),
        BENCH_PG_PASSWORD: server.superuser.password,
      };
      const args = ["--input-type=module", "-e", CHILD];
      const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20, env });
      const m = JSON.parse(stdout) as Measured;
      if (m.rows !== rows || m.status !== "chainOk")
        throw new Error(`verification of ${rows} rows (${form}) gave ${m.status} over ${m.rows} rows`);
      const what = form === "recipe" ? "declared recipe (6 fields, ISO timestamps, prev suffix)" : "built-in form";
      figures.push(
        {
          name: `raw COPY stream, ${label} rows, ${form} table (reference)`,
          value: Math.round(rows / m.rawSeconds),
          unit: "rows/s",
        },
        {
          name: `hash chain verified, ${label} rows, ${what} (median of 3)`,
          value: Math.round(rows / m.seconds),
          unit: "rows/s",
          target: "≥ 400,000",
        },
        {
          name: `rows per CPU-second of the verifying process, ${label} rows, ${form}`,
          value: Math.round(rows / m.cpuSeconds),
          unit: "rows/s",
        },
        {
          name: `peak RSS of the verifying process, ${label} rows, ${form}`,
          value: Math.round(m.peakRssMb),
          unit: "MB",
          target: "≤ 150 MB",
        },
      );
    }
    return figures;
  } finally {
    await server.stop();
  }
}

export const hashChain: Scenario = {
  name: "audit hash chain (PostgreSQL COPY)",
  async run() {
    const one = process.env["BENCH_HASHCHAIN_ROWS"];
    if (one) return measure(Number(one), ["recipe", "built-in"]);
    return [...(await measure(1_000_000, ["recipe", "built-in"])), ...(await measure(5_000_000, ["recipe"]))];
  },
};
