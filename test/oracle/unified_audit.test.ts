import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/ora_unified_audit/index.js";
import { assertWellFormed, runOnce, testProbe } from "../../src/probes/tester.js";
import { loadRecording, oracleTarget, recorded, recordedSession } from "./recorded.js";

// Fixtures cite the Oracle 19c reference page of each view next to its recorded rows.
const range = { retention_min_days: 365, retention_max_days: 1095, grace_days: 7 };
const required = ["ORA_LOGON_FAILURES", "ORA_SECURECONFIG", "ora_account_mgmt"];

testProbe(probe, {
  cases: [
    {
      name: "passes with pure unified auditing, policies for all users (logon failures: failures only), a purge job on the archive timestamp and 400 days kept",
      target: oracleTarget("ora_unified_audit.compliant"),
      params: { ...range, required_policies: required },
      expect: { pureUnified: "pass", policyEnabled: "pass", purgeJobEnabled: "pass", retentionWithin: "pass" },
      exact: true,
    },
    {
      name: "mixed mode with AUDIT_TRAIL = DB: a finding, and AUD$, FGA_LOG$ and the OS files are judged too (no purge job, old records)",
      target: oracleTarget("ora_unified_audit.noncompliant"),
      params: { ...range, required_policies: required },
      expect: {
        mixedMode: "fail",
        policyMissing: "fail",
        policyNotAllUsers: "fail",
        policyEnabled: "pass",
        purgeJobMissing: "fail",
        retentionUnbounded: "fail",
        oldestTooOld: "fail",
      },
      exact: true,
    },
    {
      name: "mixed mode with every trail purged on its archive timestamp: only the mode fails",
      target: oracleTarget("ora_unified_audit.mixed_purged"),
      params: { ...range, required_policies: ["ORA_SECURECONFIG"] },
      expect: { mixedMode: "fail", policyEnabled: "pass", purgeJobEnabled: "pass", retentionWithin: "pass" },
      exact: true,
    },
    {
      name: "fails below the minimum when the purge job ignores the archive timestamp (purges daily)",
      target: oracleTarget("ora_unified_audit.short"),
      params: range,
      expect: {
        pureUnified: "pass",
        noRequiredPolicies: "not_applicable",
        purgeJobEnabled: "pass",
        retentionShort: "fail",
      },
      exact: true,
    },
    {
      name: "fails above the maximum when the profile allows less than the kept period",
      target: oracleTarget("ora_unified_audit.compliant"),
      params: { retention_min_days: 30, retention_max_days: 180 },
      expect: { retentionLong: "fail", oldestTooOld: "fail" },
    },
    {
      name: "a policy counts only for all users, success and failure, and without excepting an audited user",
      target: oracleTarget("ora_unified_audit.policy_scope"),
      params: {
        ...range,
        required_policies: ["ORA_ACCOUNT_MGMT", "ORA_LOGON_FAILURES", "ORA_SECURECONFIG", "WMS_PII_ACCESS"],
        audited_users: ["WMS_APP"],
      },
      expect: {
        policyExceptsAudited: "fail",
        policyEnabled: "pass",
        policyOutcomes: "fail",
        policyNotAllUsers: "fail",
      },
    },
    {
      name: "an EXCEPT list of users not declared as audited passes and names them",
      target: oracleTarget("ora_unified_audit.policy_scope"),
      params: { ...range, required_policies: ["ORA_ACCOUNT_MGMT"], audited_users: ["SCOTT"] },
      expect: { policyEnabled: "pass" },
    },
    {
      name: "without declared audited users every excepted user matters",
      target: oracleTarget("ora_unified_audit.policy_scope"),
      params: { ...range, required_policies: ["ORA_ACCOUNT_MGMT"] },
      expect: { policyExceptsAudited: "fail" },
    },
  ],
  invalidParams: [{ name: "range missing", params: { required_policies: [] } }],
});

const run = async (handle: ReturnType<typeof recorded>, params: Record<string, unknown>) =>
  assertWellFormed(probe, await runOnce(probe, { type: "oracle", handle }, params));
const policyFindings = async (params: Record<string, unknown>) =>
  (await run(recorded("ora_unified_audit.policy_scope"), { ...range, ...params })).findings.filter(
    (f) => f.aspect === "required_policies",
  );

test("policy findings name what is missing: the excepted audited users, the outcomes recorded, the roles", async () => {
  const f = await policyFindings({
    required_policies: ["ORA_ACCOUNT_MGMT", "ORA_SECURECONFIG", "WMS_PII_ACCESS"],
    audited_users: ["WMS_APP", "BATCH_LOADER"],
  });
  const text = (id: string) => f.find((x) => x.subject === id)?.message ?? "";
  assert.match(text("ORA_ACCOUNT_MGMT"), /EXCEPT BATCH_LOADER, WMS_APP/);
  assert.match(text("ORA_SECURECONFIG"), /records successes only; successes and failures must be recorded/);
  assert.match(text("WMS_PII_ACCESS"), /only for role WMS_ANALYST/);
  const ok = await policyFindings({ required_policies: ["ORA_ACCOUNT_MGMT"], audited_users: ["SCOTT"] });
  assert.match(ok[0]?.message ?? "", /except BATCH_LOADER, WMS_APP \(not declared as audited users\)/);
});

test("ORA_LOGON_FAILURES needs failures only by default; declaring no failure-only policy requires both outcomes", async () => {
  const [byDefault] = await policyFindings({ required_policies: ["ORA_LOGON_FAILURES"] });
  assert.equal(byDefault?.status, "pass");
  const [strict] = await policyFindings({ required_policies: ["ORA_LOGON_FAILURES"], failure_only_policies: [] });
  assert.equal(strict?.messageId, "policyOutcomes");
});

test("mixed mode reads V$PARAMETER and the traditional trails; pure unified mode does not", async () => {
  const mixed = recordedSession(loadRecording("ora_unified_audit.noncompliant"));
  const out = await run(mixed.handle, range);
  for (const name of ["parameters", "standard_older_than_cutoff", "fga_older_than_cutoff"])
    assert.ok(mixed.log.includes(`ora_unified_audit.${name}`), name);
  assert.deepEqual(out.facts["trails_written"], ["unified", "standard", "fga", "os"]);
  assert.equal(out.facts["audit_trail_parameter"], "DB");
  const pure = recordedSession(loadRecording("ora_unified_audit.compliant"));
  await run(pure.handle, range);
  assert.ok(!pure.log.some((n) => /parameters|standard_|fga_/.test(n)), pure.log.join(","));
});

test("retention asks whether a record older than the cutoff exists (partition-pruning predicate, first row), never MIN over the whole trail", async () => {
  const { olderThanCutoff } = await import("../../src/probes/ora_unified_audit/queries.js");
  assert.match(olderThanCutoff.sql, /WHERE EVENT_TIMESTAMP_UTC < TO_TIMESTAMP\(:cutoff, .*\) AND ROWNUM = 1/);
  assert.doesNotMatch(olderThanCutoff.sql, /MIN\(/);
  const { handle, log } = recordedSession(loadRecording("ora_unified_audit.compliant"));
  const out = await run(handle, range);
  assert.ok(log.includes("ora_unified_audit.older_than_cutoff"));
  assert.deepEqual((out.facts["kept"] as Record<string, unknown>)["unified"], {
    days: 400,
    basis: "last_archive_timestamp",
    job: "ASSAY_UA_PURGE",
    record_before_cutoff: false,
  });
});
