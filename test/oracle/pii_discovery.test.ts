/**
 * `pii_discovery` on Oracle, over recorded result sets (the dictionary query and one sample per
 * table, each citing the Oracle 19c reference): the Oracle SQL it sends (quoted names, `SAMPLE
 * BLOCK` sized from ALL_TABLES.NUM_ROWS, `FETCH FIRST`), undeclared and unmasked personal data on a
 * non-production copy, a table it may not read, and no sampled value anywhere in the result.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/pii_discovery/index.js";
import { assertWellFormed, runOnce } from "../../src/probes/tester.js";
import { loadRecording, recordedSession } from "./recorded.js";

const recording = loadRecording("pii_discovery.oracle");
const planted = Object.entries(recording)
  .filter(([k]) => k.startsWith("pii_discovery.sample"))
  .flatMap(([, e]) => (e.rows ?? []).flatMap((r) => Object.values(r)))
  .filter((v): v is string => typeof v === "string");

async function discover(tags: string[]) {
  const session = recordedSession(recording, "ASSAY_AUDIT");
  const out = assertWellFormed(
    probe,
    await runOnce(
      probe,
      { type: "oracle", tags, handle: session.handle },
      {
        declared_tables: ["WMS.CUSTOMERS"],
        schemas: ["WMS"],
        sample_rows: 50,
      },
    ),
  );
  return { out, log: session.log };
}

test("Oracle: samples each table with the Oracle sample clause, finds the undeclared table and the unmasked values of a non-production copy", async () => {
  const { out, log } = await discover(["non-production"]);
  assert.deepEqual(
    log.filter((n) => n.startsWith("pii_discovery")),
    ["pii_discovery.columns", "pii_discovery.sample", "pii_discovery.sample", "pii_discovery.sample"],
  );
  const ids = out.findings.map((f) => `${f.messageId}:${f.status}:${f.subject ?? ""}`).sort();
  assert.deepEqual(ids, [
    "maskingQualityOk:pass:",
    "tableUnreadable:error:WMS.AUDIT_NOTES",
    "undeclared:fail:WMS.SHIPMENTS",
    "unmasked:fail:WMS.CUSTOMERS.EMAIL",
    "unmasked:fail:WMS.CUSTOMERS.PHONE",
    "unmasked:fail:WMS.SHIPMENTS.CONTACT_EMAIL",
  ]);
  const denied = out.findings.find((f) => f.messageId === "tableUnreadable");
  assert.match(
    denied?.message ?? "",
    /missing privilege: user ASSAY_AUDIT cannot read WMS\.AUDIT_NOTES \(ORA-00942\) — grant SELECT ON WMS\.AUDIT_NOTES/,
  );
});

test("Oracle: on a production target masking is not applicable, and no sampled value reaches facts or findings", async () => {
  const { out } = await discover([]);
  assert.equal(out.findings.find((f) => f.aspect === "masking")?.status, "not_applicable");
  const text = JSON.stringify([out.facts, out.findings]);
  assert.ok(planted.length >= 14, String(planted.length));
  for (const v of planted) assert.ok(!text.includes(v), `a sampled value leaked: ${v.slice(0, 3)}…`);
});
