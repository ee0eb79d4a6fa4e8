/**
 * @module Distributed runs on real engines: BullMQ 6 on embedded PostgreSQL (always) and on a
 * `redis-server` the test starts (skipped, with the reason, where it is not installed). Targets are
 * real PostgreSQL databases reached through a TCP proxy that holds each new connection for a
 * moment, so a worker killed right after taking a job is killed mid-job.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Queue, createPostgresBackend, withBackend } from "bullmq";
import { readRun } from "../../src/evidence/index.js";
import { startPostgres, type RunningPostgres } from "../support/postgres.js";
import { makeCaAndLeaf } from "../support/tls.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/assay.js");
const dir = mkdtempSync(join(tmpdir(), "assay-fleet-"));
/** Deterministic checks (the live session count of pg.ssl_sessions_share changes with the queue's own sessions). */
const CHECKS = "config.*,pg.ssl_enabled,pg.password_encryption,pg.superusers_allowlist,pg.risky_role_attributes";
const children = new Set<ChildProcess>();

interface Done {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function start(
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcess & { done: Promise<Done>; stderrSoFar: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, ...env, NO_COLOR: "1" } });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Done>((resolve) =>
    child.on("close", (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
  return Object.assign(child, { done, stderrSoFar: () => stderr });
}

let pg: RunningPostgres;
let proxy: net.Server;
let env: NodeJS.ProcessEnv;

/** A TCP proxy to PostgreSQL that holds every new connection for `delayMs` before passing bytes. */
async function slowProxy(port: number, delayMs: number): Promise<net.Server> {
  const server = net.createServer((client) => {
    client.pause();
    setTimeout(() => {
      const upstream = net.connect(port, "127.0.0.1", () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      const end = () => (client.destroy(), upstream.destroy());
      upstream.on("error", end);
      client.on("error", end);
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return server;
}

function project(name: string): string {
  const port = (proxy.address() as net.AddressInfo).port;
  writeFileSync(
    join(dir, `${name}.yaml`),
    `project: { name: fleet-test }
inventory:
  groups:
    pg: { type: postgres, connection: { host: 127.0.0.1, port: ${port}, user: ${pg.superuser.user}, password: "\${env:PG_PASSWORD}" } }
  files: [{ path: dbs.csv, group: pg }]
targets:
  - { id: good, type: file, tags: [app-config], connection: { path: compliant.yaml } }
evidence: { dir: ev-${name} }
run: { timeout_seconds: 20 }
`,
  );
  return `${name}.yaml`;
}

/**
 * Records of the newest run in an evidence folder, without the fields that differ run to run, in
 * check then target order (records are numbered in the order results arrived).
 */
async function records(evidenceDir: string): Promise<unknown[]> {
  const base = join(dir, evidenceDir);
  const run = readdirSync(base)
    .filter((n) => /^\d{4}-/.test(n))
    .sort()
    .pop();
  assert.ok(run, `no run in ${evidenceDir}`);
  const { records } = await readRun(join(base, run));
  return records
    .map(({ runId: _r, sequence: _s, startedAt: _b, endedAt: _e, ...rest }) => rest)
    .sort((a, b) => (a.checkId + " " + a.targetId < b.checkId + " " + b.targetId ? -1 : 1));
}

before(async () => {
  pg = await startPostgres();
  for (const db of ["app1", "app2", "queue"]) await pg.exec("postgres", `create database ${db}`);
  proxy = await slowProxy(pg.port, 1500);
  cpSync(join(root, "examples/config"), dir, { recursive: true });
  writeFileSync(join(dir, "dbs.csv"), "id,database\ndb1,app1\ndb2,app2\ndb3,app1\ndb4,app2\n");
  env = { PG_PASSWORD: pg.superuser.password };
});

after(async () => {
  for (const c of children) c.kill("SIGKILL");
  proxy?.close();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let localRecords: unknown[] = [];

async function localRun(): Promise<unknown[]> {
  if (localRecords.length > 0) return localRecords;
  const r = await start(["run", "-p", project("local"), "--checks", CHECKS, "--quiet"], env).done;
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  localRecords = await records("ev-local");
  return localRecords;
}

async function waitForActive(activeCount: () => Promise<number>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await activeCount()) > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no job became active");
}

/** What a queue holds right now, read with BullMQ itself (not through Assay). */
type Inspect = () => Promise<{ active: number; data: string }>;

async function inspectQueue(q: Queue): Promise<{ active: number; data: string }> {
  try {
    const active = (await q.getJobCounts("active"))["active"] ?? 0;
    const jobs = await q.getJobs(["waiting", "active", "wait"], 0, 1000);
    return { active, data: JSON.stringify(jobs.map((j) => j.data)) };
  } finally {
    await q.close();
  }
}

function faultScenario(name: string, url: () => string, inspect: Inspect) {
  it(`${name}: two workers, one killed mid-job; the run completes with the same records as a local run`, async () => {
    const expected = await localRun();
    const worker = ["worker", "--queue", url(), "--concurrency", "2", "--lock-seconds", "2", "--quiet"];
    const w1 = start(worker, env);
    let w2: ReturnType<typeof start> | undefined;
    try {
      const coordinator = start(
        ["run", "-p", project(`dist-${name}`), "--queue", url(), "--checks", CHECKS, "--json"],
        {},
      );
      await waitForActive(async () => (await inspect()).active);
      // secrets never enter the queue: the queued jobs hold the reference, not the password
      const { data } = await inspect();
      assert.match(data, /\$\{env:PG_PASSWORD\}/);
      assert.ok(!data.includes(pg.superuser.password), "a password was queued");
      w2 = start(worker, env);
      w1.kill("SIGKILL");
      const r = await coordinator.done;
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /PARTIAL/);
      assert.deepEqual(await records(`ev-dist-${name}`), expected);
      const v = spawnSync(process.execPath, [bin, "verify", join(dir, `ev-dist-${name}`)], { encoding: "utf8" });
      assert.equal(v.status, 0, v.stdout + v.stderr);
      assert.doesNotMatch(v.stdout, /PARTIAL/);
      w2.kill("SIGTERM");
      assert.equal((await w2.done).code, 0, "a worker stops cleanly on SIGTERM");
    } finally {
      w1.kill("SIGKILL");
      w2?.kill("SIGKILL");
    }
  });
}

describe("distributed runs on BullMQ with the PostgreSQL backend", () => {
  const url = () => `postgres://${pg.superuser.user}:${pg.superuser.password}@127.0.0.1:${pg.port}/queue`;
  const { Queue: PgQueue } = withBackend(createPostgresBackend);
  faultScenario("postgres", url, () =>
    inspectQueue(
      new PgQueue("assay-invocations", { connection: { connectionString: url(), migrate: true } }) as unknown as Queue,
    ),
  );

  limitsScenario("postgres", url);

  it("no worker: after --wait-timeout the run is signed as partial, listing what is missing; verify says so", async () => {
    const r = await start(
      ["run", "-p", project("partial"), "--queue", url(), "--checks", "config.*", "--wait-timeout", "1"],
      {},
    ).done;
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /PARTIAL: 1 probe run\(s\) have no result; the run is signed as partial/);
    const v = spawnSync(process.execPath, [bin, "verify", join(dir, "ev-partial")], { encoding: "utf8" });
    assert.equal(v.status, 0, v.stdout);
    assert.match(
      v.stdout,
      /! run \S+: PARTIAL run, signed as such: 1 probe invocation\(s\) have no result \(app_config on good\)/,
    );
    assert.match(v.stdout, /VERIFIED \(1 partial run\)/);
  });

  it("coordinator killed mid-run: --resume continues the same run to the same records", async () => {
    const expected = await localRun();
    const coordinator = start(["run", "-p", project("resume"), "--queue", url(), "--checks", CHECKS], {});
    let runId: string | undefined;
    for (let i = 0; i < 400 && !runId; i++) {
      await new Promise((r) => setTimeout(r, 50));
      runId = /queued run (\S+)/.exec(coordinator.stderrSoFar())?.[1];
    }
    assert.ok(runId, "the coordinator did not say which run it queued");
    coordinator.kill("SIGKILL");
    await coordinator.done;
    const w = start(["worker", "--queue", url(), "--concurrency", "4", "--quiet"], env);
    const r = await start(["run", "-p", "resume.yaml", "--resume", runId, "--queue", url(), "--checks", CHECKS], {})
      .done;
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.match(r.stderr, new RegExp(`resumed run ${runId}`));
    assert.deepEqual(await records("ev-resume"), expected);
    assert.ok(readdirSync(join(dir, "ev-resume")).includes(runId));
    w.kill("SIGTERM");
    await w.done;
  });
});

/** `run.limits` per host must hold across workers, not only within each (BullMQ global concurrency per group queue). */
function limitsScenario(name: string, url: () => string) {
  let site: https.Server;
  let inFlight = 0;
  let most = 0;
  let served = 0;
  before(async () => {
    // Each request is held for a moment; the server records how many were in flight at once.
    const { leaf } = await makeCaAndLeaf();
    site = https.createServer({ cert: leaf.cert, key: leaf.key }, (_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        served++;
        res.end("ok");
      }, 300);
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  });
  after(() => site.close());

  it(`${name}: run.limits per host holds across two workers with four slots each`, async () => {
    const port = (site.address() as net.AddressInfo).port;
    const targets = Array.from(
      { length: 8 },
      (_, i) =>
        `  - { id: web${i}, type: endpoint, tags: [web], connection: { url: "https://127.0.0.1:${port}/t${i}" } }`,
    );
    writeFileSync(
      join(dir, `limits-${name}.yaml`),
      [
        "project: { name: fleet-limits }",
        "targets:",
        ...targets,
        `evidence: { dir: ev-limits-${name} }`,
        "run: { timeout_seconds: 20, limits: [{ per: host, concurrency: 2 }] }",
        "",
      ].join("\n"),
    );
    const worker = ["worker", "--queue", url(), "--concurrency", "4", "--quiet"];
    const w1 = start(worker, env);
    const w2 = start(worker, env);
    try {
      const r = await start(
        [
          "run",
          "-p",
          `limits-${name}.yaml`,
          "--queue",
          url(),
          "--checks",
          "http.csp_present,http.no_version_disclosure",
          "--json",
        ],
        {},
      ).done;
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /PARTIAL/);
      assert.ok(served >= 8, `every target was requested (${served} requests)`);
      assert.ok(most >= 1 && most <= 2, `at most 2 requests at once on the host, saw ${most}`);
    } finally {
      w1.kill("SIGTERM");
      w2.kill("SIGTERM");
      await Promise.all([w1.done, w2.done]);
    }
  });
}

const redis = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
const noRedis = redis.error ? "redis-server is not installed (apt-get install redis-server; .ci/run does)" : false;

describe("distributed runs on BullMQ with Redis", { skip: noRedis }, () => {
  let server: ChildProcess | undefined;
  let port = 0;
  before(async () => {
    port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    server = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: "ignore",
      },
    );
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((r) => {
        const c = net.connect(port, "127.0.0.1", () => (c.end(), r(true)));
        c.on("error", () => r(false));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("redis-server did not start");
  });
  after(() => server?.kill("SIGKILL"));
  const url = () => `redis://127.0.0.1:${port}`;
  limitsScenario("redis", url);
  faultScenario("redis", url, () =>
    inspectQueue(
      new Queue("assay-invocations", {
        connection: { host: "127.0.0.1", port, maxRetriesPerRequest: null },
        prefix: "assay",
      }),
    ),
  );
});
