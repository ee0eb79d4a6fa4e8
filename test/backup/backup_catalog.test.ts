/**
 * `backup_catalog` against catalogs the tools produce: pgBackRest 2.45's own `info --output=json`
 * and Barman 3.4's own `-f json list-backups` from real PostgreSQL 15 clusters (skipped with the
 * reason when Debian's packages are absent), and Barman (failed, old backups) / WAL-G output written
 * in the shape their code prints (Barman
 * `barman/output.py` JsonOutputWriter.result_list_backup; WAL-G `BackupTime` plus
 * `ExtendedMetadataDto` for `backup-list --json --detail`).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import probe, { type BackupCatalogParams } from "../../src/probes/backup_catalog/index.js";
import { assertWellFormed, runOnce } from "../../src/probes/tester.js";
import { fileConnector } from "../../src/targets/file.js";
import { barmanListBackups, missing, missingBarman, pgBackRestInfos } from "../support/pg15.js";

const dir = await mkdtemp(join(tmpdir(), "assay-backup-"));
after(() => rm(dir, { recursive: true, force: true }));
const FIXTURES = new URL("./fixtures/", import.meta.url);
for (const f of ["barman-list-backups.json", "walg-backup-list-detail.json"])
  await copyFile(new URL(f, FIXTURES), join(dir, f));

const params: BackupCatalogParams = { max_age_hours: 24, min_retention_days: 7 };

async function check(file: string, p: BackupCatalogParams = params, now = new Date()) {
  const handle = await fileConnector.open(
    { path: file },
    { baseDir: dir, signal: AbortSignal.timeout(1000), timeoutMs: 1000 },
  );
  const run = await runOnce(probe, { type: "file", handle }, p, { timeoutMs: 10_000, now: () => now });
  const out = assertWellFormed(probe, run);
  const by = (aspect: string) =>
    out.findings.filter((f) => f.aspect === aspect).map((f) => `${f.status}:${f.messageId}`);
  /** `by` for each aspect `expected` names, to compare with it. */
  const judged = (expected: Readonly<Record<string, readonly string[]>>) =>
    Object.fromEntries(Object.keys(expected).map((a) => [a, by(a)]));
  return { out, by, judged };
}

/** What a catalog the tool has just written gets: every aspect passes but retention (its backups are minutes old). */
const JUST_WRITTEN = {
  catalog: ["pass:toolOk"],
  last_backup: ["pass:lastBackupOk"],
  full_backup: ["pass:fullOk"],
  failures: ["pass:noFailures"],
  retention: ["fail:retentionShort"],
};

/** Started at once, awaited by each describe's `before`: Barman mostly waits for WAL to stream meanwhile. */
function started<T>(make: (() => Promise<T>) | null): Promise<T> | null {
  const p = make?.() ?? null;
  p?.catch(() => undefined); // reported by the `before` that awaits it
  return p;
}
const [skip, noBarman] = await Promise.all([missing(), missingBarman()]);
// One cluster: the stanza's catalog before any backup, then after a full and an incremental one.
const pgbr = started(skip ? null : () => pgBackRestInfos([[], ["full", "incr"]]));
const barman = started(noBarman ? null : barmanListBackups);

void describe("pgBackRest 2.45 catalog from a real PostgreSQL 15 cluster", { skip: skip ?? false }, () => {
  before(async () => {
    const [withoutBackups = "", withBackups = ""] = (await pgbr) ?? [];
    await writeFile(join(dir, "pgbr.json"), withBackups);
    await writeFile(join(dir, "pgbr-empty.json"), withoutBackups);
  });

  void it("passes a fresh full + incremental catalog, and fails retention only because it is minutes old", async () => {
    const { by, judged, out } = await check("pgbr.json");
    assert.deepEqual(judged(JUST_WRITTEN), JUST_WRITTEN);
    const facts = out.facts as { tool: string; sets: { name: string; backups: { kind: string }[] }[] };
    assert.equal(facts.tool, "pgbackrest");
    assert.deepEqual(
      facts.sets[0]?.backups.map((b) => b.kind),
      ["full", "incremental"],
    );
    assert.equal(by("retention").length, 1);
    assert.deepEqual((await check("pgbr.json", { ...params, min_retention_days: 0 })).by("retention"), [
      "pass:retentionOk",
    ]);
  });

  void it("fails the objective when the last backup is older than max_age_hours", async () => {
    const later = new Date(Date.now() + 30 * 3_600_000);
    const { by, out } = await check("pgbr.json", params, later);
    assert.deepEqual(by("last_backup"), ["fail:lastBackupStale"]);
    const f = out.findings.find((x) => x.messageId === "lastBackupStale");
    assert.ok(Number(f?.data?.["hours"]) >= 30);
  });

  void it("fails a stanza without backups with pgBackRest's own status", async () => {
    const { by, out } = await check("pgbr-empty.json");
    assert.deepEqual(by("catalog"), ["fail:toolProblem"]);
    assert.match(
      out.findings.find((f) => f.messageId === "toolProblem")?.data?.["problem"] as string,
      /status 2: no valid backups/,
    );
    assert.deepEqual(by("last_backup"), ["fail:noBackup"]);
    assert.deepEqual(by("full_backup"), ["fail:noFull"]);
  });
});

void describe("Barman 3.4 catalog from a real PostgreSQL 15 cluster", { skip: noBarman ?? false }, () => {
  before(async () => writeFile(join(dir, "barman-real.json"), (await barman) ?? ""));

  void it("passes a fresh DONE backup read from Barman's own list-backups JSON; retention is minutes old", async () => {
    const { judged, out } = await check("barman-real.json");
    assert.deepEqual(judged(JUST_WRITTEN), JUST_WRITTEN);
    const facts = out.facts as { tool: string; sets: { name: string; backups: unknown[] }[] };
    assert.equal(facts.tool, "barman");
    assert.deepEqual(
      facts.sets.map((s) => [s.name, s.backups.length]),
      [["pg", 1]],
    );
    const later = await check("barman-real.json", params, new Date(Date.now() + 30 * 3_600_000));
    assert.deepEqual(later.by("last_backup"), ["fail:lastBackupStale"]);
  });
});

void describe("Barman and WAL-G catalogs", () => {
  const now = new Date("2026-11-29T20:00:00Z");
  void it("Barman: a failed backup fails, the last DONE backup is within the objective, restore points reach 10 days", async () => {
    const { judged } = await check("barman-list-backups.json", params, now);
    const expected = {
      failures: ["fail:failedBackups"],
      last_backup: ["pass:lastBackupOk"],
      full_backup: ["pass:fullOk"],
      retention: ["pass:retentionOk"],
    };
    assert.deepEqual(judged(expected), expected);
  });

  void it("WAL-G: a delta backup counts for the objective, the full one for restore and retention", async () => {
    const { by, out } = await check("walg-backup-list-detail.json", params, now);
    assert.deepEqual(by("last_backup"), ["pass:lastBackupOk"]);
    assert.deepEqual(by("full_backup"), ["pass:fullOk"]);
    assert.deepEqual(by("retention"), ["pass:retentionOk"]);
    const full = out.findings.find((f) => f.messageId === "fullOk");
    assert.ok(Number(full?.data?.["hours"]) > 24 * 7, "the latest full is the week-old one");
  });

  void it("an unreadable or absent catalog is an error on every aspect, with the reason", async () => {
    await writeFile(join(dir, "garbage.json"), "{not json");
    await writeFile(join(dir, "other.json"), JSON.stringify([{ hello: 1 }]));
    for (const [file, reason] of [
      ["garbage.json", /not JSON/],
      ["other.json", /expected pgBackRest/],
      ["absent.json", /does not exist/],
    ] as const) {
      const { out } = await check(file, params, now);
      assert.equal(out.findings.length, 5);
      for (const f of out.findings) {
        assert.equal(f.status, "error");
        assert.match(f.data?.["reason"] as string, reason);
      }
    }
  });
});
