import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/ora_encryption_at_rest/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { loadRecording, recorded, recordedSession } from "./recorded.js";

const oracle = (fixture: string) => ({ type: "oracle" as const, handle: recorded(fixture, "WMS") });
const pii = ["wms.customers", "WMS.SHIPMENTS"];

testProbe(probe, {
  cases: [
    {
      name: "passes with an open keystore, a master key and personal data in encrypted tablespaces (partitions and an IOT too)",
      target: oracle("ora_encryption_at_rest.compliant"),
      params: { personal_data_tables: [...pii, "WMS.CONSENTS"], require_all_tablespaces_encrypted: true },
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

test("an index-organised table is judged through its primary-key index segment, not reported as (none)", async () => {
  // DBA_TABLES.TABLESPACE_NAME is NULL for an IOT (ALL_TABLES reference, 19c); its rows live in the
  // 'IOT - TOP' index (ALL_INDEXES reference). Fixture: ora_encryption_at_rest.compliant.json.
  const out = await probe.run({
    params: { personal_data_tables: ["WMS.CONSENTS"] },
    target: { id: "t", type: "oracle", tags: [], handle: recorded("ora_encryption_at_rest.compliant", "WMS") },
    signal: AbortSignal.timeout(5000),
    now: () => new Date(),
  });
  const f = out.findings.find((x) => x.subject === "WMS.CONSENTS");
  assert.equal(f?.messageId, "table_encrypted");
  assert.equal(f?.data?.["tablespaces"], "WMS_PII_2026");
});

test("the master key's age is the activation of the key in use; a newer key created but never activated does not count", async () => {
  // V$ENCRYPTION_KEYS (19c reference): ACTIVATION_TIME is NULL for a key created with
  // ADMINISTER KEY MANAGEMENT CREATE KEY and not yet USE KEY'd.
  const rec = loadRecording("ora_encryption_at_rest.compliant");
  const keys = {
    rows: [
      {
        CREATION_TIME: new Date("2024-01-01T00:00:00Z"),
        ACTIVATION_TIME: new Date("2024-01-01T00:00:00Z"),
        KEY_USE: "TDE IN PDB",
        CON_ID: 3,
      },
      { CREATION_TIME: new Date(), ACTIVATION_TIME: null, KEY_USE: "TDE IN PDB", CON_ID: 3 },
    ],
  };
  const out = await probe.run({
    params: { max_master_key_age_days: 365 },
    target: {
      id: "t",
      type: "oracle",
      tags: [],
      handle: recordedSession({ ...rec, "ora_encryption_at_rest.keys": keys }, "WMS").handle,
    },
    signal: AbortSignal.timeout(5000),
    now: () => new Date("2026-11-30T00:00:00Z"),
  });
  assert.equal(out.findings.find((x) => x.aspect === "master_key")?.messageId, "master_key_old");
});

test("from CDB$ROOT every container's keystore is judged, not any one OPEN row", async () => {
  // V$ENCRYPTION_WALLET in the root lists one row per container (CON_ID), 19c reference.
  const rec = loadRecording("ora_encryption_at_rest.compliant");
  const wallet = {
    rows: [
      { WRL_TYPE: "FILE", STATUS: "OPEN", WALLET_TYPE: "AUTOLOGIN", CON_ID: 1 },
      { WRL_TYPE: "FILE", STATUS: "OPEN", WALLET_TYPE: "AUTOLOGIN", CON_ID: 3 },
      { WRL_TYPE: "FILE", STATUS: "CLOSED", WALLET_TYPE: "UNKNOWN", CON_ID: 4 },
    ],
  };
  const out = await probe.run({
    params: {},
    target: {
      id: "t",
      type: "oracle",
      tags: [],
      handle: recordedSession({ ...rec, "ora_encryption_at_rest.wallet": wallet }, "WMS").handle,
    },
    signal: AbortSignal.timeout(5000),
    now: () => new Date(),
  });
  const ks = out.findings.filter((x) => x.aspect === "keystore");
  assert.deepEqual(
    ks.map((f) => `${f.messageId}:${f.subject ?? ""}`),
    ["keystore_not_open:container 4"],
  );
});
