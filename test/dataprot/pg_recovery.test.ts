/**
 * `pg_recovery` against real PostgreSQL servers: archiving off, archiving on (a `cp` archive
 * command), an archiver that fails (`archive_command = 'false'`). A real streaming standby (pg_backup_start / file copy /
 * pg_backup_stop) is not in this suite yet: see docs/probes/data-protection.md.
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

const params = { max_age_hours: 24, min_standbys: 1, max_lag_bytes: 1048576 };
const archiveDir = await mkdtemp(join(tmpdir(), "assay-wal-archive-"));
await chmod(archiveDir, 0o777);

const [off, on, failing] = await Promise.all([
  startPostgres(),
  startPostgres({ conf: { archive_mode: "on", archive_command: `'cp %p ${archiveDir}/%f'` } }),
  startPostgres({ conf: { archive_mode: "on", archive_command: "'false'" } }),
]);
const handles: PgHandle[] = [];
after(async () => {
  await Promise.all(handles.map((h) => h.end()));
  await Promise.all([off.stop(), on.stop(), failing.stop()]);
  await rm(archiveDir, { recursive: true, force: true });
});

async function auditor(server: RunningPostgres, monitor = true): Promise<PgHandle> {
  // pg_monitor shows replication details (lag) to a non-superuser.
  const user = monitor ? "assay_ro" : "plain_ro";
  await server.exec(
    "postgres",
    `DO $$ BEGIN CREATE ROLE ${user} LOGIN PASSWORD 'Recovery-Pw-1'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;${monitor ? ` GRANT pg_monitor TO ${user};` : ""}`,
  );
  const h = await openPg(
    {
      host: server.host,
      port: server.port,
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

async function switchWal(server: RunningPostgres) {
  await server.exec(
    "postgres",
    "CREATE TABLE IF NOT EXISTS t (x int); INSERT INTO t VALUES (1); SELECT pg_switch_wal();",
  );
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
    await switchWal(on);
    const c = await on.superuserClient();
    try {
      await until(
        "a WAL segment archived",
        async () => Number((await c.query("SELECT archived_count FROM pg_stat_archiver")).rows[0].archived_count) > 0,
      );
    } finally {
      await c.end();
    }
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
    await switchWal(failing);
    const c = await failing.superuserClient();
    try {
      await until(
        "an archive failure",
        async () => Number((await c.query("SELECT failed_count FROM pg_stat_archiver")).rows[0].failed_count) > 0,
      );
    } finally {
      await c.end();
    }
    const { ids } = await check(await auditor(failing), { ...params, min_standbys: 0 });
    assert.ok(ids.includes("archiver:fail:archiverFailing"), ids.join());
  });
});

void it("segment numbers follow the WAL name, 16 MiB segments", () => {
  assert.equal(segmentNumber("000000010000000A00000012", 16 * 1024 * 1024), 10 * 256 + 18);
});
