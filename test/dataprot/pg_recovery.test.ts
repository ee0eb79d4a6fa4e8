/**
 * `pg_recovery` against real PostgreSQL servers: archiving off, archiving on (a `cp` archive
 * command), an archiver that fails (`archive_command = 'false'`), and a primary with a real
 * streaming standby made by the low-level backup API (test/support/standby.ts), whose replay is
 * then paused to make it lag.
 */
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import probe, { segmentNumber } from "../../src/probes/pg_recovery/index.js";
import { paramsProblems } from "../../src/probes/params.js";
import { openPg, type PgHandle } from "../../src/targets/postgres.js";
import { startPostgres, type RunningPostgres } from "../support/postgres.js";
import { REPLICATION_HBA, startStandby } from "../support/standby.js";

const params = { max_age_hours: 24, min_standbys: 1, max_lag_bytes: 1048576 };
const archiveDir = await mkdtemp(join(tmpdir(), "assay-wal-archive-"));
await chmod(archiveDir, 0o777);

const [off, on, failing, primary] = await Promise.all([
  startPostgres(),
  startPostgres({ conf: { archive_mode: "on", archive_command: `'cp %p ${archiveDir}/%f'` } }),
  startPostgres({ conf: { archive_mode: "on", archive_command: "'false'" } }),
  startPostgres({ hba: REPLICATION_HBA }),
]);
const standby = await startStandby(primary).catch(async (err: unknown) => {
  await Promise.all([off.stop(), on.stop(), failing.stop(), primary.stop()]);
  throw err;
});
const handles: PgHandle[] = [];
after(async () => {
  await Promise.all(handles.map((h) => h.end()));
  await standby.stop();
  await Promise.all([off.stop(), on.stop(), failing.stop(), primary.stop()]);
  await rm(archiveDir, { recursive: true, force: true });
});

async function auditor(server: RunningPostgres, monitor = true, port = server.port): Promise<PgHandle> {
  // pg_monitor shows replication details (lag) to a non-superuser.
  const user = monitor ? "assay_ro" : "plain_ro";
  if (port === server.port)
    await server.exec(
      "postgres",
      `DO $$ BEGIN CREATE ROLE ${user} LOGIN PASSWORD 'Recovery-Pw-1'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;${monitor ? ` GRANT pg_monitor TO ${user};` : ""}`,
    );
  const h = await openPg(
    {
      host: server.host,
      port,
      database: "postgres",
      user,
      password: "Recovery-Pw-1",
      ssl: { mode: "disable" },
    },
    { timeoutMs: 20_000, baseDir: process.cwd() },
  );
  handles.push(h);
  return h;
}

async function check(h: PgHandle, p: Record<string, unknown> = params, now = new Date()) {
  assert.deepEqual(paramsProblems(probe, p as never), []);
  const out = await probe.run({
    params: p as never,
    target: { id: "db", type: "postgres", tags: [], handle: h },
    signal: AbortSignal.timeout(20_000),
    now: () => now,
  });
  return { out, ids: out.findings.map((f) => `${f.aspect}:${f.status}:${f.messageId}`).sort() };
}

async function until(what: string, test: () => Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Switch to a new WAL segment on `server`, then wait until the archiver counts it in `counter`. */
async function switchWal(server: RunningPostgres, counter: "archived_count" | "failed_count", what: string) {
  await server.exec(
    "postgres",
    "CREATE TABLE IF NOT EXISTS t (x int); INSERT INTO t VALUES (1); SELECT pg_switch_wal();",
  );
  const c = await server.superuserClient();
  try {
    await until(
      what,
      async () => Number((await c.query(`SELECT ${counter} AS n FROM pg_stat_archiver`)).rows[0].n) > 0,
    );
  } finally {
    await c.end();
  }
}

void describe("pg_recovery on real servers", () => {
  void it("archiving off fails; the archiver is not applicable; no standby fails a failover claim", async () => {
    const { ids } = await check(await auditor(off));
    assert.deepEqual(ids, [
      "archiver:not_applicable:archiverOff",
      "archiving:fail:archivingOff",
      "replication:fail:tooFewStandbys",
    ]);
  });

  void it("archiving on with a working command passes once a segment is archived; a later clock does not fail a current archiver", async () => {
    await switchWal(on, "archived_count", "a WAL segment archived");
    const h = await auditor(on);
    const { ids, out } = await check(h, { ...params, min_standbys: 0 });
    assert.deepEqual(ids, [
      "archiver:pass:archiverCurrent",
      "archiving:pass:archivingOn",
      "replication:pass:standbysOk",
    ]);
    assert.ok(!JSON.stringify(out.facts).includes(archiveDir), "the archive command is not in the facts");
    const later = await check(h, { ...params, min_standbys: 0 }, new Date(Date.now() + 72 * 3_600_000));
    assert.ok(later.ids.includes("archiver:pass:archiverCurrent"), "nothing is waiting, so age alone does not fail");
  });

  void it("an archiver whose command fails is reported failing", async () => {
    await switchWal(failing, "failed_count", "an archive failure");
    const { ids } = await check(await auditor(failing), { ...params, min_standbys: 0 });
    assert.ok(ids.includes("archiver:fail:archiverFailing"), ids.join());
  });
});

void describe("pg_recovery with a real streaming standby", () => {
  async function streamingStandbys(): Promise<number> {
    const c = await primary.superuserClient();
    try {
      const r = await c.query("SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'");
      return r.rows[0].n as number;
    } finally {
      await c.end();
    }
  }

  void it("a primary with one streaming standby within the lag bound passes; the standby itself is not applicable", async () => {
    await until("the standby streaming", async () => (await streamingStandbys()) === 1);
    const h = await auditor(primary);
    const { ids, out } = await check(h, { ...params, min_standbys: 1 });
    assert.ok(ids.includes("replication:pass:standbysOk"), ids.join());
    assert.match(JSON.stringify(out.findings), /standby1|"count":1/);
    const s = await standby.client();
    try {
      await until("the auditor role replayed on the standby", async () => {
        return (await s.query("SELECT 1 FROM pg_roles WHERE rolname = 'assay_ro'")).rowCount === 1;
      });
    } finally {
      await s.end();
    }
    const onStandby = await check(await auditor(primary, true, standby.port), { ...params, min_standbys: 1 });
    assert.ok(onStandby.ids.includes("replication:not_applicable:isStandby"), onStandby.ids.join());
    const two = await check(h, { ...params, min_standbys: 2 });
    assert.ok(two.ids.includes("replication:fail:tooFewStandbys"), two.ids.join());
  });

  void it("a role that cannot read replication details gets error with the reason, not a false 'too few standbys'", async () => {
    await until("the standby streaming", async () => (await streamingStandbys()) === 1);
    const { out } = await check(await auditor(primary, false), { ...params, min_standbys: 1 });
    const replication = out.findings.filter((f) => f.aspect === "replication");
    assert.deepEqual(
      replication.map((f) => `${f.status}:${f.messageId}`),
      ["error:replicationHidden"],
      JSON.stringify(replication),
    );
  });

  void it("a standby whose replay is paused falls behind and is reported lagging", async () => {
    const s = await standby.client();
    try {
      await s.query("SELECT pg_wal_replay_pause()");
      await primary.exec(
        "postgres",
        "CREATE TABLE IF NOT EXISTS filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000) g",
      );
      const c = await primary.superuserClient();
      try {
        await until("the primary to see replay lag", async () => {
          const r = await c.query(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS lag FROM pg_stat_replication",
          );
          return Number(r.rows[0]?.lag ?? 0) > 1_048_576;
        });
      } finally {
        await c.end();
      }
      const { out, ids } = await check(await auditor(primary), { ...params, min_standbys: 1 });
      assert.ok(ids.includes("replication:fail:standbyLagging"), ids.join());
      const lagging = out.findings.find((f) => f.messageId === "standbyLagging");
      assert.equal(lagging?.subject, "standby1");
      assert.ok(Number(lagging?.data?.lag) > params.max_lag_bytes);
    } finally {
      await s.query("SELECT pg_wal_replay_resume()").catch(() => undefined);
      await s.end();
    }
  });
});

void it("segment numbers follow the WAL name, 16 MiB segments", () => {
  assert.equal(segmentNumber("000000010000000A00000012", 16 * 1024 * 1024), 10 * 256 + 18);
});
