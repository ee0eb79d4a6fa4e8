/**
 * The register probes on an Oracle table, over recorded result sets (each citing the Oracle 19c
 * reference): the column discovery in ALL_TAB_COLUMNS, the mapped SELECT with FETCH FIRST, and live
 * erasure verification with STANDARD_HASH — the digests were computed for the fixture by Python's
 * hashlib, not by Assay. A denied erasure table is an error for that table only. An unqualified
 * register table is the session's current schema's: the column lookup asks ALL_TAB_COLUMNS for
 * OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') (the recordings pin the SQL and its binds).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import breachRegister from "../../src/probes/breach_register/index.js";
import dsrRegister from "../../src/probes/dsr_register/index.js";
import restoreTests from "../../src/probes/restore_tests/index.js";
import type { AnyProbe } from "../../src/probes/define.js";
import { assertWellFormed, runOnce } from "../../src/probes/tester.js";
import { loadRecording, recordedSession } from "./recorded.js";

/** Run `probe` over `fixtures/<recording>.json`: its findings as sorted `aspect:status:id@subject`, and the statements it sent. */
async function runRecorded(probe: AnyProbe, recording: string, params: Record<string, unknown>) {
  const session = recordedSession(loadRecording(recording));
  const out = assertWellFormed(probe, await runOnce(probe, { type: "oracle", handle: session.handle }, params));
  const ids = out.findings.map((f) => `${f.aspect}:${f.status}:${f.messageId}@${f.subject ?? ""}`).sort();
  return { out, ids, sent: session.log.filter((n) => n.startsWith(probe.meta.id)) };
}

test("dsr_register on an Oracle table: deadlines, access with data, erasure verified live (one subject still present, one table denied)", async () => {
  const { out, ids, sent } = await runRecorded(dsrRegister, "dsr_register.oracle", {
    response_max_days: 30,
    register: {
      table: "GDPR.DSR_REQUESTS",
      columns: { type: "REQUEST_TYPE" },
      erasure_tables: [
        { table: "WMS.CUSTOMERS", key_column: "EMAIL", lower_case: true },
        { table: "WMS.TICKETS", key_column: "CONTACT" },
      ],
    },
  });
  assert.deepEqual(
    ids,
    [
      "access:pass:accessWithData@DSR-1",
      "erasure:error:erasureTableError@WMS.TICKETS",
      "erasure:fail:notErased@DSR-2",
      "erasure:pass:erased@DSR-3",
      "timeliness:pass:answeredInTime@DSR-1",
      "timeliness:pass:answeredInTime@DSR-2",
      "timeliness:pass:answeredInTime@DSR-3",
      "timeliness:fail:openOverdue@DSR-4",
    ].sort(),
  );
  assert.match(
    out.findings.find((f) => f.messageId === "erasureTableError")?.message ?? "",
    /missing privilege: user ASSAY_AUDIT cannot read WMS\.TICKETS \(ORA-00942\)/,
  );
  assert.deepEqual(sent, [
    "dsr_register.rows.columns",
    "dsr_register.rows",
    "dsr_register.erasure",
    "dsr_register.erasure",
  ]);
  // Only digests cross the wire; no e-mail address reaches the result.
  assert.doesNotMatch(JSON.stringify([out.facts, out.findings]), /@example\./);
});

// An unqualified table with optional columns: found in the current schema and read (before, the
// lookup bound the literal owner 'USER', so a delay reason was never seen and BR-2 failed).
const unqualified = [
  {
    name: "breach_register on an unqualified Oracle table reads its optional columns (delay reason, subjects informed)",
    probe: breachRegister,
    params: { notify_max_hours: 72, register: { table: "breaches" } },
    ids: [
      "documentation:pass:documented@BR-1",
      "documentation:pass:documented@BR-2",
      "documentation:pass:documented@BR-3",
      "notification:fail:notifiedLate@BR-3",
      "notification:pass:notifiedInTime@BR-1",
      "notification:pass:notifiedLateWithReason@BR-2",
      "subjects:pass:subjectsInformed@BR-1",
    ],
  },
  {
    name: "restore_tests on an unqualified Oracle table: columns looked up in the current schema, one recent, one stale, one failed since",
    probe: restoreTests,
    params: { max_age_days: 30, register: { table: "restore_tests" } },
    ids: ["recency:fail:failedSince@billing", "recency:fail:staleTest@crm", "recency:pass:recentTest@warehouse"],
  },
];
for (const c of unqualified) {
  test(c.name, async () => {
    const id = c.probe.meta.id;
    const { ids, sent } = await runRecorded(c.probe, `${id}.oracle_unqualified`, c.params);
    assert.deepEqual(ids, c.ids);
    assert.deepEqual(sent, [`${id}.rows.columns`, `${id}.rows`]);
  });
}
