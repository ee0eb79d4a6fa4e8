/**
 * @module Audit-log integrity at scale: a hash-chained table of 1,000,000 (and 5,000,000) rows in a
 * real PostgreSQL, verified by the `audit_chain` probe through `COPY … TO STDOUT`. The
 * verification runs in a child process so its peak RSS is measured alone. Set
 * `BENCH_HASHCHAIN_ROWS=1000000` to run one size only.
 */
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { Figure, Scenario } from "../harness.js";

const run = promisify(execFile);
const self = fileURLToPath(import.meta.url);
const CHAIN = {
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

/** Child side: verify the chain once (and time a bare COPY stream as the reference), print JSON. */
async function verifyInChild(port: number, password: string): Promise<void> {
  const { openPg } = await import("../../src/targets/postgres.js");
  const probe = (await import("../../src/probes/audit_chain/index.js")).default;
  const h = await openPg(
    { host: "127.0.0.1", port, database: "postgres", user: "postgres", password },
    { timeoutMs: 600_000, baseDir: "." },
  );
  let t0 = performance.now();
  let bytes = 0;
  for await (const chunk of h.copyOut("SELECT seq, hash, seq, ts, actor, action FROM audit.events ORDER BY seq"))
    bytes += chunk.length;
  const rawSeconds = (performance.now() - t0) / 1000;
  // Median of three runs: the machine is shared, single runs swing with its load.
  const times: number[] = [];
  let out: Awaited<ReturnType<typeof probe.run>> | undefined;
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    out = await probe.run({
      params: { chain: CHAIN },
      target: { id: "bench", type: "postgres", tags: [], handle: h },
      signal: AbortSignal.timeout(600_000),
      now: () => new Date(),
    });
    times.push((performance.now() - t0) / 1000);
  }
  const seconds = times.sort((a, b) => a - b)[1] ?? 0;
  await h.end();
  const m: Measured = {
    rows: Number(out?.facts["records"]),
    seconds,
    rawSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    status: out?.findings[0]?.messageId ?? "none",
  };
  process.stdout.write(JSON.stringify({ ...m, bytes }));
}

async function measure(rows: number): Promise<Figure[]> {
  const { startPostgres } = await import("../../test/support/postgres.js");
  const { writeAuditChain } = await import("../../test/support/audit-chain.js");
  const server = await startPostgres({ conf: { shared_buffers: "'256MB'", fsync: "off", synchronous_commit: "off" } });
  try {
    const c = await server.superuserClient();
    try {
      await c.query("CREATE SCHEMA audit");
      await writeAuditChain(c, "audit.events", rows);
      await c.query("VACUUM ANALYZE audit.events");
    } finally {
      await c.end();
    }
    const env = { ...process.env, ASSAY_BENCH_PG_PASSWORD: server.superuser.password };
    const { stdout } = await run(process.execPath, ["--import", "tsx", self, "--verify", String(server.port)], {
      maxBuffer: 1 << 20,
      env,
    });
    const m = JSON.parse(stdout) as Measured;
    if (m.rows !== rows || m.status !== "chainOk")
      throw new Error(`verification of ${rows} rows gave ${m.status} over ${m.rows} rows`);
    const label = rows.toLocaleString("en");
    return [
      { name: `raw COPY stream, ${label} rows (reference)`, value: Math.round(rows / m.rawSeconds), unit: "rows/s" },
      {
        name: `hash chain verified, ${label} rows (median of 3)`,
        value: Math.round(rows / m.seconds),
        unit: "rows/s",
        target: "≥ 300,000, aim 400,000",
      },
      {
        name: `peak RSS of the verifying process, ${label} rows`,
        value: Math.round(m.peakRssMb),
        unit: "MB",
        target: "< 200 MB",
      },
    ];
  } finally {
    await server.stop();
  }
}

export const hashChain: Scenario = {
  name: "audit hash chain (PostgreSQL COPY)",
  async run() {
    const sizes = process.env["BENCH_HASHCHAIN_ROWS"]
      ? [Number(process.env["BENCH_HASHCHAIN_ROWS"])]
      : [1_000_000, 5_000_000];
    const figures: Figure[] = [];
    for (const n of sizes) figures.push(...(await measure(n)));
    return figures;
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "--verify") {
  await verifyInChild(Number(process.argv[3]), process.env["ASSAY_BENCH_PG_PASSWORD"] ?? "");
}
