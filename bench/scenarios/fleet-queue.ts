/**
 * @module Beyond one machine, by simulation: N invocation jobs (one per target) of a probe that
 * only waits its declared latency, coordinated by the real `runOnQueue` (one BullMQ flow, results
 * collected page by page) and served by 1, 2, 4 and 8 worker processes on one queue. Wall time and
 * queue overhead per job = wall time − the time the waits alone need at that parallelism, per job.
 * Backend: Redis (a `redis-server` started here) or, with ASSAY_BENCH_SIM_BACKEND=postgres, BullMQ's
 * PostgreSQL backend on an embedded cluster. ASSAY_BENCH_SIM_JOBS (default 100000) sets N.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runOnQueue } from "../../src/fleet/coordinator.js";
import { openFleetQueue } from "../../src/fleet/queue.js";
import type { AuditSpec, TargetDecl } from "../../src/model/index.js";
import type { Plan } from "../../src/plan/index.js";
import { startPostgres } from "../../test/support/postgres.js";
import { startRedis } from "../../test/support/redis.js";
import type { Figure, Scenario } from "../harness.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const JOBS = Number(process.env["ASSAY_BENCH_SIM_JOBS"] ?? 100_000);
const WORKERS = (process.env["ASSAY_BENCH_SIM_WORKERS"] ?? "1,2,4,8").split(",").map(Number);
const LATENCY_MS = 20;
const CONCURRENCY = 50;

export const fleetQueue: Scenario = {
  name: `fleet simulation: ${JOBS} targets, probe waits ${LATENCY_MS} ms, ${CONCURRENCY} jobs per worker process`,
  async run() {
    const backend = process.env["ASSAY_BENCH_SIM_BACKEND"] ?? "redis";
    const figures: Figure[] = [];
    for (const w of WORKERS) {
      const server = backend === "postgres" ? await postgresQueue() : await redisQueue();
      try {
        figures.push(...(await simulate(server.url, w, backend)));
      } finally {
        await server.stop();
      }
    }
    return figures;
  },
};

async function simulate(url: string, workers: number, backend: string): Promise<Figure[]> {
  const at = { file: "sim", line: 1, col: 1 };
  const targets: TargetDecl[] = Array.from({ length: JOBS }, (_, i) => ({
    id: `t${i}`,
    type: "endpoint",
    tags: [],
    connection: { url: `https://t${i}.example` },
    attributes: {},
    source: at,
  }));
  const plan: Plan = {
    invocations: targets.map((t, i) => ({
      id: i.toString(16).padStart(16, "0"),
      probeId: "wait",
      targetId: t.id,
      params: {},
      checkIds: ["sim.wait"],
    })),
    bindings: [],
    unmatched: [],
  };
  // runOnQueue reads only the targets and the timeout of the spec.
  const spec = { targets, settings: { timeoutMs: 30_000 } } as unknown as AuditSpec;
  const procs: ChildProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) procs.push(await startWorker(url));
    const fleet = await openFleetQueue(url);
    const t0 = performance.now();
    let queued = 0;
    let processed = 0;
    const out = await runOnQueue(
      plan,
      spec,
      {},
      {
        fleet,
        runId: `sim-${workers}`,
        startedAt: new Date().toISOString(),
        pollMs: 250,
        onQueued: () => (queued = performance.now()),
        onProgress: (p) => {
          if (p.done >= p.total && processed === 0) processed = performance.now();
        },
      },
    );
    let answered = 0;
    for await (const _ of out.observations) answered++;
    const end = performance.now();
    const wall = (end - t0) / 1000;
    const missing = out.partial()?.missing.length ?? 0;
    if (answered !== JOBS) throw new Error(`${answered} observations for ${JOBS} jobs`);
    const ideal = (JOBS * LATENCY_MS) / 1000 / (workers * CONCURRENCY);
    return [
      {
        name: `${backend}, ${workers} worker(s): wall time (${missing} missing)`,
        value: Math.round(wall * 10) / 10,
        unit: "s",
      },
      {
        name: `${backend}, ${workers} worker(s): queue overhead per job`,
        value: Math.round(((wall - ideal) / JOBS) * 1e6) / 1000,
        unit: "ms",
      },
      { name: `${backend}, ${workers} worker(s): throughput`, value: Math.round(JOBS / wall), unit: "jobs/s" },
      {
        name: `${backend}, ${workers} worker(s): of which enqueue (one flow)`,
        value: Math.round((queued - t0) / 100) / 10,
        unit: "s",
      },
      {
        name: `${backend}, ${workers} worker(s): of which collect results`,
        value: Math.round((end - processed) / 100) / 10,
        unit: "s",
      },
    ];
  } finally {
    for (const p of procs) p.kill("SIGKILL");
  }
}

function startWorker(url: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ["--import", "tsx", `${root}bench/support/sim-worker.ts`, url, String(CONCURRENCY), String(LATENCY_MS)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    p.stdout?.once("data", () => resolve(p));
    p.once("exit", (code) => reject(new Error(`sim worker exited ${code}`)));
  });
}

async function redisQueue(): Promise<{ url: string; stop(): Promise<void> }> {
  const redis = await startRedis();
  return { url: redis.url, stop: () => Promise.resolve(redis.stop()) };
}

async function postgresQueue(): Promise<{ url: string; stop(): Promise<void> }> {
  const pg = await startPostgres();
  await pg.exec("postgres", "create database queue");
  return {
    url: `postgres://${pg.superuser.user}:${pg.superuser.password}@127.0.0.1:${pg.port}/queue`,
    stop: () => pg.stop(),
  };
}
