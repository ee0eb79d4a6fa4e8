/**
 * `pii_discovery` on a real PostgreSQL holding planted, real-looking personal data; then a full
 * `assay run` with every data-protection check, asserting that no planted value reaches stdout,
 * stderr (debug logs), evidence or any report format.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import probe from "../../src/probes/pii_discovery/index.js";
import { paramsProblems } from "../../src/probes/params.js";
import { assertWellFormed, runOnce } from "../../src/probes/tester.js";
import type { PgHandle } from "../../src/targets/postgres.js";
import { assayBin, everythingWritten, runEverything } from "../support/cli.js";
import { PASSWORD, PLANTED, startAppDb } from "./fixtures.js";

const db = await startAppDb();
after(() => db.close());

/** One run through runProbe, as the engine runs it (defaults filled in). */
async function runOn(handle: PgHandle, tags: string[], params: Record<string, unknown>) {
  assert.deepEqual(paramsProblems(probe, params as never), []);
  const run = await runOnce(probe, { id: "app", type: "postgres", tags, handle }, params, { timeoutMs: 30_000 });
  return assertWellFormed(probe, run).raw;
}

async function discover(tags: string[], params: Record<string, unknown> = {}) {
  const out = await runOn(db.auditor, tags, {
    declared_tables: ["crm.customers", "gdpr.dsr"],
    sample_rows: 50,
    ...params,
  });
  const ids = out.findings
    .map((f) => `${f.aspect}:${f.status}:${f.messageId}${f.subject ? `@${f.subject}` : ""}`)
    .sort();
  return { out, ids };
}

void describe("pii_discovery on PostgreSQL", () => {
  void it("finds undeclared personal data, unmasked values on a non-production copy, weak masking and an unreadable table", async () => {
    const { ids, out } = await discover(["non-production"]);
    for (const expected of [
      "declared:fail:undeclared@ops.tickets",
      "declared:fail:undeclared@qa.customers_masked",
      "declared:fail:undeclared@qa.customers_weak",
      "masking:fail:unmasked@crm.customers.email",
      "masking:fail:unmasked@crm.customers.phone",
      "masking:fail:unmasked@crm.customers.card_number",
      "masking:fail:unmasked@crm.customers.iban",
      "masking:fail:unmasked@crm.customers.ssn",
      "masking:fail:unmasked@ops.tickets.contact",
      "masking:fail:unmasked@ops.tickets.callback",
      "masking_quality:fail:weakMasking@qa.customers_weak.card_number",
      "coverage:error:tableUnreadable@ops.metrics",
    ])
      assert.ok(ids.includes(expected), `${expected} missing from\n${ids.join("\n")}`);
    // The properly masked copy (example.com addresses, starred numbers) is not unmasked.
    assert.ok(!ids.some((i) => i.startsWith("masking:fail:unmasked@qa.")), ids.join("\n"));
    assert.ok(!ids.some((i) => i.includes("@gdpr.") || i.includes("ops.metrics.")), ids.join("\n"));
    const facts = out.facts as { columns: { table: string; column: string; category: string; shape: string }[] };
    const dob = facts.columns.find((c) => c.column === "birth_date");
    assert.equal(dob?.category, "dob");
    assert.equal(
      facts.columns.find((c) => c.column === "email" && c.table === "crm.customers")?.shape?.includes("@"),
      true,
    );
    const text = JSON.stringify(out);
    for (const v of PLANTED) assert.ok(!text.includes(v), `output contains a planted value`);
  });

  void it("on a production target masking is not applicable; declared tables pass", async () => {
    const { ids } = await discover([], {
      declared_tables: ["crm.customers", "ops.tickets", "qa.customers_masked", "qa.customers_weak", "gdpr.dsr"],
      schemas: ["crm", "ops", "qa"],
    });
    assert.ok(ids.includes("declared:pass:allDeclared"), ids.join("\n"));
    assert.ok(ids.includes("masking:not_applicable:productionTarget"));
    assert.ok(ids.includes("masking_quality:not_applicable:productionTarget"));
  });

  void it("a spent time budget is an error naming how far discovery got, never a pass", async () => {
    const { ids, out } = await discover(["non-production"], { time_budget_seconds: 0.000001 });
    assert.ok(ids.includes("coverage:error:budgetExhausted"), ids.join("\n"));
    assert.equal(out.findings.find((f) => f.messageId === "budgetExhausted")?.data?.["done"], 0);
  });

  void it("a role without privileges gets an error per table, with the reason", async () => {
    const nopriv = await db.open("nopriv");
    try {
      const out = await runOn(nopriv, [], { declared_tables: [], schemas: ["crm"] });
      const f = out.findings.find((x) => x.messageId === "tableUnreadable");
      assert.equal(f?.status, "error");
      assert.match(f?.data?.["reason"] as string, /permission denied/);
    } finally {
      await nopriv.end();
    }
  });
});

void it("no planted personal-data value appears in stdout, debug logs, evidence or any report", async () => {
  const dir = mkdtempSync(join(tmpdir(), "assay-pii-leaks-"));
  try {
    const conn = `{ host: 127.0.0.1, port: ${db.server.port}, database: app, user: assay_ro, password: "\${env:DP_PASSWORD}", ssl: { mode: disable } }`;
    writeFileSync(
      join(dir, "assay.yaml"),
      `project: { name: pii-leaks }
targets:
  - id: app-copy
    type: postgres
    tags: [pii, non-production, dsr-register, breach-register, restore-tests]
    connection: ${conn}
    attributes:
      personal_data_tables: [crm.customers]
      breach_register: { table: gdpr.breaches }
      restore_test_register: { table: gdpr.restore_tests }
      dsr_register:
        table: gdpr.dsr
        erasure_tables: [{ table: crm.customers, key_column: email, lower_case: true }]
evidence: { dir: evidence }
`,
    );
    const r = await assayBin(runEverything(dir), { DP_PASSWORD: PASSWORD });
    // Checks this project gives no attributes for (role matrix, retention) are errors: exit 4.
    assert.equal(r.code, 4, `exit ${r.code}\n${r.out.slice(-3000)}`);
    assert.match(r.out, /pii\./, "the discovery checks ran");
    const outputs = everythingWritten(dir, r.out);
    assert.ok(outputs.length > 10, "evidence and reports were written");
    for (const { name, text } of outputs)
      for (const v of PLANTED) assert.ok(!text.includes(v), `${name} contains a planted personal-data value`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
