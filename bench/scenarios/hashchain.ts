/**
 * @module Audit-log integrity at scale: hash-chained tables of 1,000,000 (and 5,000,000) rows in a
 * real PostgreSQL, verified by the `audit_chain` probe through `COPY … TO STDOUT` with a declared
 * recipe (`RECIPE_CHAIN`: six fields, ISO 8601 timestamps with microseconds re-rendered from
 * PostgreSQL's text, numbers, booleans, the stored previous hash as suffix; own hash and linkage
 * checked apart) and, at 1,000,000 rows, with the built-in form as a reference. The verification runs
 * in a child process so its peak RSS is measured alone. `BENCH_HASHCHAIN_ROWS=1000000` runs one size.
 */
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { JsonValue } from "../../src/model/json.js";
import type { Figure, Scenario } from "../harness.js";

const run = promisify(execFile);
const self = fileURLToPath(import.meta.url);
const BUILT_IN = {
  table: "audit.events",
  sequence_column: "seq",
  hash_column: "hash",
  columns: ["seq", "ts", "actor", "action"],
};

interface Measured {
  readonly rows: number;
  readonly seconds: number;
  readonly rawSeconds: number;
  readonly peakRssMb: number;
  readonly status: string;
}

/** Child side: verify one chain three times (and time a bare COPY stream as the reference), print JSON. */
async function verifyInChild(port: number, password: string, form: string): Promise<void> {
  const { openPg } = await import("../../src/targets/postgres.js");
  const { runProbe } = await import("../../src/probes/run.js");
  const { RECIPE_CHAIN } = await import("../../test/support/audit-chain.js");
  const probe = (await import("../../src/probes/audit_chain/index.js")).default;
  const chain = form === "recipe" ? { ...RECIPE_CHAIN, table: "audit.trail" } : BUILT_IN;
  const h = await openPg(
    { host: "127.0.0.1", port, database: "postgres", user: "postgres", password },
    { timeoutMs: 600_000, baseDir: "." },
  );
  let t0 = performance.now();
  for await (const chunk of h.copyOut(`SELECT * FROM ${chain.table} ORDER BY seq`)) void chunk;
  const rawSeconds = (performance.now() - t0) / 1000;
  // Median of three runs: the machine is shared, single runs swing with its load.
  const times: number[] = [];
  let out: Awaited<ReturnType<typeof runProbe>> | undefined;
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    // Through the engine's path, so the recipe's defaults are filled from its schema.
    out = await runProbe({
      probe,
      params: { chain } as unknown as JsonValue,
      target: { id: "bench", type: "postgres", tags: [] },
      open: () => Promise.resolve(h),
      timeoutMs: 600_000,
    });
    times.push((performance.now() - t0) / 1000);
  }
  await h.end();
  const m: Measured = {
    rows: out?.ok ? Number(out.facts["records"]) : 0,
    seconds: times.sort((a, b) => a - b)[1] ?? 0,
    rawSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    status: out?.ok ? out.findings.map((f) => f.messageId).join(",") : `error ${out?.error}`,
  };
  process.stdout.write(JSON.stringify(m));
}

async function measure(rows: number, forms: readonly ("recipe" | "built-in")[]): Promise<Figure[]> {
  const { startPostgres } = await import("../../test/support/postgres.js");
  const { writeAuditChain, writeRecipeChain } = await import("../../test/support/audit-chain.js");
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
    const env = { ...process.env, ASSAY_BENCH_PG_PASSWORD: server.superuser.password };
    for (const form of forms) {
      const args = ["--import", "tsx", self, "--verify", String(server.port), form];
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "--verify") {
  await verifyInChild(Number(process.argv[3]), process.env["ASSAY_BENCH_PG_PASSWORD"] ?? "", process.argv[4] ?? "");
}
