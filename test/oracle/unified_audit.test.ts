import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/ora_unified_audit/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { loadRecording, recorded, recordedSession } from "./recorded.js";

const oracle = (fixture: string) => ({ type: "oracle" as const, handle: recorded(fixture) });
const range = { retention_min_days: 365, retention_max_days: 1095, grace_days: 7 };
const required = ["ORA_LOGON_FAILURES", "ORA_SECURECONFIG", "ora_account_mgmt"];

testProbe(probe, {
  cases: [
    {
      name: "passes with the required policies, a purge job on the last-archive timestamp and 400 days kept",
      target: oracle("ora_unified_audit.compliant"),
      params: { ...range, required_policies: required },
      expect: { policy_enabled: "pass", purge_job_enabled: "pass", retention_within: "pass" },
      exact: true,
    },
    {
      name: "fails with missing policies, a disabled purge job and records kept for years",
      target: oracle("ora_unified_audit.noncompliant"),
      params: { ...range, required_policies: required },
      expect: {
        policy_missing: "fail",
        policy_enabled: "pass",
        purge_job_missing: "fail",
        retention_unbounded: "fail",
        oldest_too_old: "fail",
      },
      exact: true,
    },
    {
      name: "fails below the minimum when the purge job ignores the archive timestamp (purges daily)",
      target: oracle("ora_unified_audit.short"),
      params: range,
      expect: { no_required_policies: "not_applicable", purge_job_enabled: "pass", retention_short: "fail" },
      exact: true,
    },
    {
      name: "fails above the maximum when the profile allows less than the kept period",
      target: oracle("ora_unified_audit.compliant"),
      params: { retention_min_days: 30, retention_max_days: 180 },
      expect: { retention_long: "fail", oldest_too_old: "fail" },
    },
  ],
  invalidParams: [{ name: "range missing", params: { required_policies: [] } }],
});

test("retention asks whether a record older than the cutoff exists (partition-pruning predicate, first row), never MIN over the whole trail", async () => {
  const { olderThanCutoff } = await import("../../src/probes/ora_unified_audit/queries.js");
  assert.match(olderThanCutoff.sql, /WHERE EVENT_TIMESTAMP_UTC < TO_TIMESTAMP\(:cutoff, .*\) AND ROWNUM = 1/);
  assert.doesNotMatch(olderThanCutoff.sql, /MIN\(/);
  const { handle, log } = recordedSession(loadRecording("ora_unified_audit.compliant"));
  const out = await probe.run({
    params: { retention_min_days: 365, retention_max_days: 1095, grace_days: 7 },
    target: { id: "t", type: "oracle", tags: [], handle },
    signal: AbortSignal.timeout(5000),
    now: () => new Date(),
  });
  assert.ok(log.includes("ora_unified_audit.older_than_cutoff"));
  assert.equal(out.facts["record_before_cutoff"], false);
});
