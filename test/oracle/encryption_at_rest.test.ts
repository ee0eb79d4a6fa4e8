import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/ora_encryption_at_rest/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { recorded } from "./recorded.js";

const oracle = (fixture: string) => ({ type: "oracle" as const, handle: recorded(fixture, "WMS") });
const pii = ["wms.customers", "WMS.SHIPMENTS"];

testProbe(probe, {
  cases: [
    {
      name: "passes with an open keystore, a master key and personal data in encrypted tablespaces (partitions too)",
      target: oracle("ora_encryption_at_rest.compliant"),
      params: { personal_data_tables: pii, require_all_tablespaces_encrypted: true },
      expect: {
        keystore_open: "pass",
        master_key_set: "pass",
        table_encrypted: "pass",
        tablespaces_all_encrypted: "pass",
      },
      exact: true,
    },
    {
      name: "fails on a closed keystore, no master key, and personal data in plain tablespaces",
      target: oracle("ora_encryption_at_rest.noncompliant"),
      params: { personal_data_tables: [...pii, "WMS.MISSING", "WMS.RETURNS"], require_all_tablespaces_encrypted: true },
      expect: {
        keystore_not_open: "fail",
        master_key_missing: "fail",
        table_unencrypted: "fail",
        table_not_found: "fail",
        tablespaces_unencrypted: "fail",
      },
      exact: true,
    },
    {
      name: "fails when the newest master key is older than the maximum age",
      target: oracle("ora_encryption_at_rest.compliant"),
      params: { personal_data_tables: pii, max_master_key_age_days: 30 },
      expect: { master_key_old: "fail", all_tablespaces_not_required: "not_applicable" },
    },
    {
      name: "is not applicable for personal-data tablespaces when no table is declared",
      target: oracle("ora_encryption_at_rest.compliant"),
      params: {},
      expect: { no_personal_data_tables: "not_applicable", keystore_open: "pass" },
    },
  ],
  invalidParams: [
    { name: "unknown key", params: { personal_data_table: [] } },
    { name: "tables not a list", params: { personal_data_tables: "WMS.CUSTOMERS" } },
  ],
});

test("a composite-partitioned table is judged by its subpartitions' tablespaces", async () => {
  const out = await probe.run({
    params: { personal_data_tables: ["WMS.RETURNS"] },
    target: { id: "t", type: "oracle", tags: [], handle: recorded("ora_encryption_at_rest.noncompliant", "WMS") },
    signal: AbortSignal.timeout(5000),
    now: () => new Date(),
  });
  const f = out.findings.find((x) => x.subject === "WMS.RETURNS");
  assert.equal(f?.messageId, "table_unencrypted");
  assert.equal(f?.data?.["tablespaces"], "USERS");
});
