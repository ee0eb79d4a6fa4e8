/**
 * @module Statement of Applicability: every ISO clause 4–10 and all 93 Annex A controls, with
 * applicability, justification, status and evidence references, in HTML, CSV and XLSX; the XLSX is
 * opened back with exceljs and checked cell by cell. Also the stored attestation records.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { readRun, verifyRun } from "../../src/evidence/index.js";
import { loadReportModel, renderers, type ReportModel } from "../../src/report/index.js";
import { buildSoa } from "../../src/report/soa/rows.js";
import { attestedRun, sha, type AttestedRun } from "./project.js";

const dir = mkdtempSync(join(tmpdir(), "assay-soa-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let run: AttestedRun;
let model: ReportModel;

before(async () => {
  run = await attestedRun(dir);
  model = await loadReportModel(run.runDir, { evidenceDir: run.evidenceDir });
});

describe("statement of applicability", () => {
  it("has one row per clause 4.1–10.2 (required) and per Annex A control (93)", () => {
    const { rows } = buildSoa(model);
    const clauses = rows.filter((r) => r.applicability === "required");
    assert.equal(clauses.length, 25);
    assert.equal(rows.filter((r) => r.label.startsWith("A.")).length, 93);
    assert.equal(rows.length, 25 + 93);
    assert.ok(clauses.every((r) => !r.label.startsWith("A.")));
  });

  it("takes applicability from the project and from not_applicable attestations, and says when none is recorded", () => {
    const { rows } = buildSoa(model);
    const row = (label: string) => rows.find((r) => r.label === label);
    assert.equal(row("A.7.2")?.applicability, "excluded");
    assert.match(row("A.7.2")?.justification ?? "", /Fully remote: physical controls/);
    assert.equal(row("A.8.24")?.applicability, "applicable");
    assert.match(row("A.8.24")?.justification ?? "", /risk R-03/);
    assert.match(row("A.5.9")?.justification ?? "", /No justification recorded/);
    assert.equal(row("5.2")?.status, "pass");
    assert.match(
      row("5.2")?.evidence ?? "",
      new RegExp(
        `document record #\\d+ \\.\\./docs/policy\\.txt sha256 ${sha("Information security policy v3, approved 2026-10-01\n")}`,
      ),
    );
    assert.equal(row("A.5.1")?.status, "overdue");
    assert.match(row("A.5.1")?.implementation ?? "", /lapsed on 2026-01-10/);
    assert.equal(row("4.3")?.status, "fail");
    assert.match(row("4.3")?.implementation ?? "", /attested: implemented — not reliable/);
    assert.match(row("4.3")?.attestation ?? "", /document \.\.\/docs\/scope\.txt changed since attestation/);
    assert.equal(row("9.3")?.status, "unassessed");
    assert.match(row("9.3")?.implementation ?? "", /Management review minutes/);
  });

  it("writes an XLSX that exceljs reads back with the same rows", async () => {
    const bytes = await renderers["soa-xlsx"].render(model);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("Statement of Applicability");
    assert.ok(ws);
    assert.equal(ws.rowCount, 1 + 25 + 93);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header.slice(0, 5), ["Section", "Control", "Name", "Applicability", "Justification"]);
    const find = (label: string) => {
      for (let i = 2; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(2).value === label) return ws.getRow(i);
      return undefined;
    };
    assert.equal(find("A.7.1")?.getCell(4).value, "excluded");
    assert.equal(find("A.5.1")?.getCell(6).value, "overdue");
    assert.equal(find("6.1.3")?.getCell(4).value, "required");
    const info = wb.getWorksheet("Run");
    assert.equal(info?.getRow(6).getCell(2).value, "Alex Kim, internal auditor");
  });

  it("writes the same rows as CSV and as HTML with the sign-off block", async () => {
    const csv = Buffer.from(await renderers["soa-csv"].render(model)).toString("utf8");
    const records: Record<string, string>[] = parse(csv, { columns: true });
    assert.equal(records.length, 118);
    assert.equal(records.find((r) => r["Control"] === "A.7.1")?.["Applicability"], "excluded");
    const html = renderers.soa.render(model);
    assert.match(html, /Sign-off/);
    assert.match(html, /Alex Kim, internal auditor/);
    assert.match(html, new RegExp(model.signoff.keyFingerprint ?? "no fingerprint"));
    assert.match(html, /2026-11-01 to 2026-11-30/);
  });

  it("stores each attestation and document as a record that assay verify checks", async () => {
    const stored = await readRun(run.runDir);
    const kinds = stored.attested.map((r) => r.kind);
    assert.equal(kinds.filter((k) => k === "attestation").length, 5);
    assert.equal(kinds.filter((k) => k === "document").length, 2);
    const policy = stored.attested.find((r) => r.kind === "document" && r.name.endsWith("policy.txt"));
    assert.ok(policy?.kind === "document" && policy.stored === `documents/${policy.sha256}`);
    const v = await verifyRun(run.evidenceDir);
    assert.ok(v.ok, v.problem?.message);
  });
});
