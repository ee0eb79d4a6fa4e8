/**
 * The shipped ora.* checks, end to end through the pipeline: they load under both shipped profiles,
 * plan onto an Oracle target, and — with the database unreachable — every one is `error` with the
 * connector's reason (never a pass), with the password nowhere in the result.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { runAudit } from "../../src/pipeline.js";

const project = fileURLToPath(new URL("./fixtures/project/assay.yaml", import.meta.url));
const PASSWORD = "Sup3r-Secret-Warehouse-Pw";

test("every ora.* check plans onto the Oracle target and errors clearly when the database is unreachable", async () => {
  process.env["ORACLE_AUDIT_PASSWORD"] = PASSWORD;
  const out = await runAudit({ projectFile: project, evidence: false });
  assert.ok(out.ok, out.ok ? "" : JSON.stringify(out.problems, null, 1));
  const ora = [...out.spec.checks.keys()].filter((id) => id.startsWith("ora.")).sort();
  assert.equal(ora.length, 19);
  const results = out.result.checkResults.filter((c) => c.checkId.startsWith("ora."));
  assert.deepEqual([...new Set(results.map((c) => c.checkId))].sort(), ora);
  for (const c of results) {
    assert.equal(c.status, "error", c.checkId);
    assert.match(c.message, /^connection refused: cannot reach Oracle at 127\.0\.0\.1:1\/WMSPDB/, c.checkId);
  }
  assert.ok(!JSON.stringify(out.result).includes(PASSWORD), "password leaked into the result");
  // Checks sharing probe and params share one run: 9 probes, 11 distinct param sets (19 checks).
  const invocations = out.plan.invocations.filter((i) => i.probeId.startsWith("ora_"));
  assert.equal(invocations.length, 11);
});

test("the ora.* checks load under the strict profile too", async () => {
  process.env["ORACLE_AUDIT_PASSWORD"] = PASSWORD;
  const out = await runAudit({ projectFile: project, profile: "assay:strict", evidence: false });
  assert.ok(out.ok, out.ok ? "" : JSON.stringify(out.problems, null, 1));
});
