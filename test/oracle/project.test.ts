/**
 * The shipped checks for Oracle (ora.*, and the dialect-neutral db.*), end to end through the
 * pipeline: they load under both shipped profiles, plan onto an Oracle target, and — with the
 * database unreachable — every one is `error` with the connector's reason (never a pass), with the
 * password nowhere in the result. An Oracle-only project is covered wherever a PostgreSQL one is.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { runAudit } from "../../src/pipeline.js";

const project = fileURLToPath(new URL("./fixtures/project/assay.yaml", import.meta.url));
const PASSWORD = "Sup3r-Secret-Warehouse-Pw";

const forOracle = (id: string) => id.startsWith("ora.") || id.startsWith("db.");

test("every ora.* and db.* check plans onto the Oracle target and errors clearly when the database is unreachable", async () => {
  process.env["ORACLE_AUDIT_PASSWORD"] = PASSWORD;
  const out = await runAudit({ projectFile: project, evidence: false });
  assert.ok(out.ok, out.ok ? "" : JSON.stringify(out.problems, null, 1));
  const ora = [...out.spec.checks.keys()].filter(forOracle).sort();
  assert.equal(ora.length, 25);
  const results = out.result.checkResults.filter((c) => forOracle(c.checkId));
  assert.deepEqual([...new Set(results.map((c) => c.checkId))].sort(), ora);
  for (const c of results) {
    assert.equal(c.status, "error", c.checkId);
    assert.match(c.message, /^connection refused: cannot reach Oracle at 127\.0\.0\.1:1\/WMSPDB/, c.checkId);
  }
  assert.ok(!JSON.stringify(out.result).includes(PASSWORD), "password leaked into the result");
  // Checks sharing probe and params share one run: 10 probes, 12 distinct param sets (25 checks).
  const invocations = out.plan.invocations.filter((i) => i.targetId === "wms-oracle" && i.checkIds.every(forOracle));
  assert.equal(invocations.length, 12);
});

test("an Oracle-only project covers GDPR Art. 17, Art. 29 and ISO A.5.28 (they are decided, not not_applicable)", async () => {
  process.env["ORACLE_AUDIT_PASSWORD"] = PASSWORD;
  const out = await runAudit({ projectFile: project, evidence: false });
  assert.ok(out.ok);
  const byId = new Map(out.result.frameworks.flatMap((f) => f.requirements).map((r) => [r.requirementId, r]));
  for (const id of ["gdpr-17.1", "gdpr-29", "iso-a.5.28"]) {
    const r = byId.get(id);
    assert.ok(r, id);
    // Unreachable database: error, never not_applicable ("no target matches") and never a pass.
    assert.equal(r.status, "error", `${id}: ${r.status}`);
  }
});

test("over the shipped catalogs, every requirement a PostgreSQL check serves is served by an Oracle check too", async () => {
  process.env["ORACLE_AUDIT_PASSWORD"] = PASSWORD;
  const out = await runAudit({ projectFile: project, evidence: false });
  assert.ok(out.ok);
  const serves = (checkId: string, type: string) =>
    out.spec.checks.get(checkId)?.targets.types?.includes(type) ?? false;
  const pgOnly = out.spec.frameworks
    .flatMap((f) => f.groups.flatMap((g) => g.requirements))
    .filter((r) => r.checks.some((c) => serves(c, "postgres")) && !r.checks.some((c) => serves(c, "oracle")))
    .map((r) => r.id);
  assert.deepEqual(pgOnly, []);
});

test("the ora.* checks load under the strict profile too", async () => {
  process.env["ORACLE_AUDIT_PASSWORD"] = PASSWORD;
  const out = await runAudit({ projectFile: project, profile: "assay:strict", evidence: false });
  assert.ok(out.ok, out.ok ? "" : JSON.stringify(out.problems, null, 1));
});
