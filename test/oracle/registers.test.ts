/**
 * The register probes on an Oracle table, over recorded result sets (each citing the Oracle 19c
 * reference): the column discovery in ALL_TAB_COLUMNS, the mapped SELECT with FETCH FIRST, and live
 * erasure verification with STANDARD_HASH — the digests were computed for the fixture by Python's
 * hashlib, not by Assay. A denied erasure table is an error for that table only.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import probe from "../../src/probes/dsr_register/index.js";
import { assertWellFormed, runOnce } from "../../src/probes/tester.js";
import { loadRecording, recordedSession } from "./recorded.js";

test("dsr_register on an Oracle table: deadlines, access with data, erasure verified live (one subject still present, one table denied)", async () => {
  const session = recordedSession(loadRecording("dsr_register.oracle"));
  const out = assertWellFormed(
    probe,
    await runOnce(
      probe,
      { type: "oracle", handle: session.handle },
      {
        response_max_days: 30,
        register: {
          table: "GDPR.DSR_REQUESTS",
          columns: { type: "REQUEST_TYPE" },
          erasure_tables: [
            { table: "WMS.CUSTOMERS", key_column: "EMAIL", lower_case: true },
            { table: "WMS.TICKETS", key_column: "CONTACT" },
          ],
        },
      },
    ),
  );
  const ids = out.findings.map((f) => `${f.aspect}:${f.status}:${f.messageId}@${f.subject ?? ""}`).sort();
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
  assert.deepEqual(
    session.log.filter((n) => n.startsWith("dsr_register")),
    ["dsr_register.rows.columns", "dsr_register.rows", "dsr_register.erasure", "dsr_register.erasure"],
  );
  // Only digests cross the wire; no e-mail address reaches the result.
  assert.doesNotMatch(JSON.stringify([out.facts, out.findings]), /@example\./);
});
