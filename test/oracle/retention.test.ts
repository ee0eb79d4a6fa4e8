import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/retention/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { SESSION_UTC_SQL } from "../../src/targets/oracle/dates.js";
import { loadRecording, oracleTarget, recordedSession } from "./recorded.js";

/** The same dataset declarations a PostgreSQL target uses (shared parseDatasets). */
const params = {
  grace_days: 7,
  datasets: [
    { table: "wms.customers", timestamp_column: "last_activity_at", retention_days: 730 },
    { table: "wms.shipments", timestamp_column: "delivered_at", retention_days: 3650, grace_days: 30 },
  ],
  audit_log: { table: "wms.audit_events", timestamp_column: "event_time", retention_days: 400 },
  log_retention_min_days: 365,
  log_retention_max_days: 1095,
};

testProbe(probe, {
  cases: [
    {
      name: "passes when no row outlives its retention and the audit table's retention is within range",
      target: oracleTarget("retention.compliant"),
      params,
      expect: { datasetOk: "pass", logOk: "pass" },
      exact: true,
    },
    {
      name: "fails on overdue rows, reports an unreadable table as an error, fails an overdue audit log",
      target: oracleTarget("retention.noncompliant"),
      params,
      expect: { datasetOverdue: "fail", datasetError: "error", logOverdue: "fail" },
      exact: true,
    },
    {
      name: "fails an audit log whose declared retention is outside the profile's range, without querying it",
      target: oracleTarget("retention.compliant"),
      params: { ...params, audit_log: { ...params.audit_log, retention_days: 2000 } },
      expect: { logOutOfRange: "fail" },
    },
    {
      name: "is not applicable without datasets",
      target: oracleTarget("empty"),
      params: { grace_days: 7 },
      expect: { noDatasets: "not_applicable", logUndeclared: "not_applicable" },
      exact: true,
    },
  ],
  invalidParams: [
    { name: "grace missing", params: {} },
    { name: "dataset without column", params: { grace_days: 1, datasets: [{ table: "a.b", retention_days: 1 }] } },
  ],
});

test("the missing table's error names the table and the grant to give, and the work ran read-only", async () => {
  const { handle, log } = recordedSession(loadRecording("retention.noncompliant"));
  const out = await probe.run({
    params,
    target: { id: "wms", type: "oracle", tags: [], handle },
    signal: AbortSignal.timeout(5000),
    now: () => new Date(),
  });
  const err = out.findings.find((f) => f.messageId === "datasetError");
  assert.match(
    err?.data?.["reason"] as string,
    /missing privilege: user ASSAY_AUDIT cannot read WMS\.SHIPMENTS \(ORA-00942\) — grant SELECT ON WMS\.SHIPMENTS to ASSAY_AUDIT/,
  );
  assert.equal(log[0], SESSION_UTC_SQL);
  assert.equal(log[1], "SET TRANSACTION READ ONLY");
  assert.equal(log.at(-1), "ROLLBACK");
});
