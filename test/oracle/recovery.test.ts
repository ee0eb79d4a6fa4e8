/**
 * `ora_recovery` on recorded result sets (each fixture entry cites the Oracle 19c reference page of
 * its view): RMAN job history judged like a backup catalog with the profile's RPO and retention,
 * ARCHIVELOG mode, archive destinations and Data Guard. Fault cases: denied views, unreachable.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/ora_recovery/index.js";
import { assertWellFormed, runOnce, testProbe } from "../../src/probes/tester.js";
import { REFUSED } from "./errors.fixtures.js";
import { oracleTarget, recordedSession } from "./recorded.js";

// The shipped baseline profile's values: backup.max_age_hours 24, backup.min_retention_days 7 (the
// control file's default CONTROL_FILE_RECORD_KEEP_TIME is also 7), backup.replica_max_lag_seconds 30.
const profile = { max_age_hours: 24, min_retention_days: 5, max_apply_lag_seconds: 30 };

testProbe(probe, {
  cases: [
    {
      name: "passes with a weekly level 0, daily level 1 (warnings count as success), ARCHIVELOG and a valid standby without a gap",
      target: oracleTarget("ora_recovery.compliant"),
      params: profile,
      expect: {
        toolOk: "pass",
        lastBackupOk: "pass",
        fullOk: "pass",
        noFailures: "pass",
        retentionOk: "pass",
        archiveLogOn: "pass",
        archiveDestsOk: "pass",
        standbysOk: "pass",
      },
      exact: true,
    },
    {
      name: "fails NOARCHIVELOG, a 3-day-old last backup, no full backup, a failed full job and no standby",
      target: oracleTarget("ora_recovery.noncompliant"),
      params: profile,
      expect: {
        toolOk: "pass",
        lastBackupStale: "fail",
        noFull: "fail",
        failedBackups: "fail",
        retentionShort: "fail",
        archiveLogOff: "fail",
        archiveDestsNone: "not_applicable",
        tooFewStandbys: "fail",
      },
      exact: true,
    },
    {
      name: "on a physical standby the apply lag is judged: 461 s is above the 30 s bound",
      target: oracleTarget("ora_recovery.standby_lagging"),
      params: profile,
      expect: { applyLagTooHigh: "fail", archiveLogOn: "pass", lastBackupOk: "pass", fullOk: "pass" },
    },
    {
      name: "on a primary, a local destination that is full and a standby destination in error with a gap fail",
      target: oracleTarget("ora_recovery.primary_gap"),
      params: profile,
      expect: { archiveDestFailing: "fail", standbyDestFailing: "fail", tooFewStandbys: "fail" },
    },
    {
      name: "denied views (ORA-00942, ORA-01031) are errors with the grant to give, never a pass; the rest is still judged",
      target: oracleTarget("ora_recovery.denied"),
      params: profile,
      expect: { backupsUnreadable: "error", destinationsUnreadable: "error", archiveLogOn: "pass" },
      exact: true,
    },
    {
      name: "an unreachable database is an error with the reason",
      target: { type: "oracle", handle: recordedSession(REFUSED).handle },
      params: profile,
      error: /connection refused: cannot reach Oracle at db\.example\.test:1521\/WMSPDB \(NJS-503\)/,
    },
  ],
  invalidParams: [
    { name: "RPO missing", params: { min_retention_days: 7, max_apply_lag_seconds: 30 } },
    { name: "negative lag bound", params: { ...profile, max_apply_lag_seconds: -1 } },
  ],
});

const run = async (fixture: string, params: Record<string, unknown> = profile) =>
  assertWellFormed(probe, await runOnce(probe, oracleTarget(fixture), params));

test("a level 0 incremental (INPUT_TYPE DB INCR) is a full backup to restore from; level 1 is not", async () => {
  const out = await run("ora_recovery.compliant");
  const full = out.findings.find((f) => f.messageId === "fullOk");
  assert.match(full?.message ?? "", /WMSPRD has 1 successful full backup\(s\), the latest 144 h old/);
  const jobs = out.facts["rman_jobs"] as { input_type: string; incremental_level: number | null }[];
  assert.deepEqual(
    jobs.map((j) => [j.input_type, j.incremental_level]),
    [
      ["DB INCR", 0],
      ["ARCHIVELOG", null],
      ["DB INCR", 1],
      ["DB INCR", 1],
      ["ARCHIVELOG", null],
    ],
  );
});

test("the RPO is the profile's: the last backup 6 h ago fails a 4 h objective", async () => {
  const out = await run("ora_recovery.compliant", { ...profile, max_age_hours: 4 });
  const f = out.findings.find((x) => x.aspect === "last_backup");
  assert.equal(f?.messageId, "lastBackupStale");
  assert.match(f?.message ?? "", /finished 6 h ago, older than the 4 h objective/);
});

test("a denied view names the view and the grant; V$DATAGUARD_STATS is not read on a primary", async () => {
  const out = await run("ora_recovery.denied");
  const f = out.findings.find((x) => x.messageId === "backupsUnreadable");
  assert.match(
    f?.message ?? "",
    /missing privilege: user ASSAY_AUDIT cannot read V\$RMAN_BACKUP_JOB_DETAILS, V\$BACKUP_SET_DETAILS \(ORA-00942\)/,
  );
  assert.match(f?.message ?? "", /SELECT ON SYS\.V_\$RMAN_BACKUP_JOB_DETAILS/);
  const session = recordedSession((await import("./recorded.js")).loadRecording("ora_recovery.compliant"));
  await runOnce(probe, { type: "oracle", handle: session.handle }, profile);
  assert.ok(!session.log.includes("ora_recovery.lags"), session.log.join(","));
});

test("Data Guard interval text is read as seconds", async () => {
  const { intervalSeconds } = await import("../../src/probes/ora_recovery/rman.js");
  assert.equal(intervalSeconds("+00 00:07:41"), 461);
  assert.equal(intervalSeconds("+01 02:00:00"), 93_600);
  assert.equal(intervalSeconds(null), null);
  assert.equal(intervalSeconds(""), null);
});
