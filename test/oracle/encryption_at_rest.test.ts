import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/ora_encryption_at_rest/index.js";
import { assertWellFormed, casesOn, runOnce, testProbe } from "../../src/probes/tester.js";
import { loadRecording, recorded, recordedSession } from "./recorded.js";

const pii = ["wms.customers", "WMS.SHIPMENTS"];

const compliant = () => recorded("ora_encryption_at_rest.compliant", "WMS");
testProbe(probe, {
  cases: [
    ...casesOn(
      "oracle",
      {},
      [
        [
          "passes with an open keystore, a master key and personal data in encrypted tablespaces (partitions and an IOT too)",
          compliant(),
          { keystoreOpen: "pass", masterKeySet: "pass", tableEncrypted: "pass", tablespacesAllEncrypted: "pass" },
          { personal_data_tables: [...pii, "WMS.CONSENTS"], require_all_tablespaces_encrypted: true },
        ],
        [
          "fails on a closed keystore, no master key, and personal data in plain tablespaces",
          recorded("ora_encryption_at_rest.noncompliant", "WMS"),
          {
            keystoreNotOpen: "fail",
            masterKeyMissing: "fail",
            tableUnencrypted: "fail",
            tableNotFound: "fail",
            tablespacesUnencrypted: "fail",
          },
          { personal_data_tables: [...pii, "WMS.MISSING", "WMS.RETURNS"], require_all_tablespaces_encrypted: true },
        ],
      ],
      { exact: true },
    ),
    ...casesOn("oracle", {}, [
      [
        "fails when the newest master key is older than the maximum age",
        compliant(),
        { masterKeyOld: "fail", allTablespacesNotRequired: "not_applicable" },
        { personal_data_tables: pii, max_master_key_age_days: 30 },
      ],
      [
        "is not applicable for personal-data tablespaces when no table is declared",
        compliant(),
        { noPersonalDataTables: "not_applicable", keystoreOpen: "pass" },
      ],
    ]),
  ],
  invalidParams: [
    { name: "unknown key", params: { personal_data_table: [] } },
    { name: "tables not a list", params: { personal_data_tables: "WMS.CUSTOMERS" } },
  ],
});

const run = async (handle: ReturnType<typeof recorded>, params: Record<string, unknown>, now: () => Date) =>
  assertWellFormed(probe, await runOnce(probe, { type: "oracle", handle }, params, { now }));

// Where a table's rows live, by the kind of table: a composite-partitioned table in its
// subpartitions' tablespaces; an index-organised table (DBA_TABLES.TABLESPACE_NAME is NULL for an IOT,
// ALL_TABLES reference, 19c) in its 'IOT - TOP' primary-key index segment (ALL_INDEXES reference).
const placements = [
  [
    "a composite-partitioned table is judged by its subpartitions' tablespaces",
    "noncompliant",
    "WMS.RETURNS",
    "tableUnencrypted",
    "USERS",
  ],
  [
    "an index-organised table is judged through its primary-key index segment, not reported as (none)",
    "compliant",
    "WMS.CONSENTS",
    "tableEncrypted",
    "WMS_PII_2026",
  ],
] as const;
for (const [name, fixture, table, messageId, tablespaces] of placements) {
  test(name, async () => {
    const handle = recorded(`ora_encryption_at_rest.${fixture}`, "WMS");
    const out = await run(handle, { personal_data_tables: [table] }, () => new Date());
    const f = out.findings.find((x) => x.subject === table);
    assert.equal(f?.messageId, messageId);
    assert.equal(f?.data?.["tablespaces"], tablespaces);
  });
}

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
