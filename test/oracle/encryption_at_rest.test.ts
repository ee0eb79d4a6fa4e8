import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/ora_encryption_at_rest/index.js";
import { assertWellFormed, runOnce, testProbe } from "../../src/probes/tester.js";
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
        keystoreOpen: "pass",
        masterKeySet: "pass",
        tableEncrypted: "pass",
        tablespacesAllEncrypted: "pass",
      },
      exact: true,
    },
    {
      name: "fails on a closed keystore, no master key, and personal data in plain tablespaces",
      target: oracle("ora_encryption_at_rest.noncompliant"),
      params: { personal_data_tables: [...pii, "WMS.MISSING", "WMS.RETURNS"], require_all_tablespaces_encrypted: true },
      expect: {
        keystoreNotOpen: "fail",
        masterKeyMissing: "fail",
        tableUnencrypted: "fail",
        tableNotFound: "fail",
        tablespacesUnencrypted: "fail",
      },
      exact: true,
    },
    {
      name: "fails when the newest master key is older than the maximum age",
      target: oracle("ora_encryption_at_rest.compliant"),
      params: { personal_data_tables: pii, max_master_key_age_days: 30 },
      expect: { masterKeyOld: "fail", allTablespacesNotRequired: "not_applicable" },
    },
    {
      name: "is not applicable for personal-data tablespaces when no table is declared",
      target: oracle("ora_encryption_at_rest.compliant"),
      params: {},
      expect: { noPersonalDataTables: "not_applicable", keystoreOpen: "pass" },
    },
  ],
  invalidParams: [
    { name: "unknown key", params: { personal_data_table: [] } },
    { name: "tables not a list", params: { personal_data_tables: "WMS.CUSTOMERS" } },
  ],
});

const run = async (handle: ReturnType<typeof recorded>, params: Record<string, unknown>, now: () => Date) =>
  assertWellFormed(probe, await runOnce(probe, { type: "oracle", handle }, params, { now }));

test("a composite-partitioned table is judged by its subpartitions' tablespaces", async () => {
  const out = await run(
    recorded("ora_encryption_at_rest.noncompliant", "WMS"),
    { personal_data_tables: ["WMS.RETURNS"] },
    () => new Date(),
  );
  const f = out.findings.find((x) => x.subject === "WMS.RETURNS");
  assert.equal(f?.messageId, "tableUnencrypted");
  assert.equal(f?.data?.["tablespaces"], "USERS");
});

test("an index-organised table is judged through its primary-key index segment, not reported as (none)", async () => {
  // DBA_TABLES.TABLESPACE_NAME is NULL for an IOT (ALL_TABLES reference, 19c); its rows live in the
  // 'IOT - TOP' index (ALL_INDEXES reference). Fixture: ora_encryption_at_rest.compliant.json.
  const out = await run(
    recorded("ora_encryption_at_rest.compliant", "WMS"),
    { personal_data_tables: ["WMS.CONSENTS"] },
    () => new Date(),
  );
  const f = out.findings.find((x) => x.subject === "WMS.CONSENTS");
  assert.equal(f?.messageId, "tableEncrypted");
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
  const out = await run(
    recordedSession({ ...rec, "ora_encryption_at_rest.keys": keys }, "WMS").handle,
    { max_master_key_age_days: 365 },
    () => new Date("2026-11-30T00:00:00Z"),
  );
  assert.equal(out.findings.find((x) => x.aspect === "master_key")?.messageId, "masterKeyOld");
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
  const out = await run(
    recordedSession({ ...rec, "ora_encryption_at_rest.wallet": wallet }, "WMS").handle,
    {},
    () => new Date(),
  );
  const ks = out.findings.filter((x) => x.aspect === "keystore");
  assert.deepEqual(
    ks.map((f) => `${f.messageId}:${f.subject ?? ""}`),
    ["keystoreNotOpen:container 4"],
  );
});
