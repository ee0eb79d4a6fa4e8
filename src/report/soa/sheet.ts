/**
 * @module The Statement of Applicability as a spreadsheet (XLSX) and as CSV, both written by
 * exceljs: one worksheet, a header row, one row per requirement, frozen header and auto filter.
 */
import type { ReportModel } from "../model.js";
import { buildSoa, SOA_COLUMNS } from "./rows.js";

async function workbook(model: ReportModel) {
  const { default: ExcelJS } = await import("exceljs");
  const soa = buildSoa(model);
  const wb = new ExcelJS.Workbook();
  wb.creator = `Assay ${model.run.assayVersion}`;
  wb.created = new Date(model.run.endedAt);
  const ws = wb.addWorksheet("Statement of Applicability", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = SOA_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of soa.rows) ws.addRow({ ...r });
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SOA_COLUMNS.length } };
  const info = wb.addWorksheet("Run");
  info.columns = [
    { header: "Field", key: "k", width: 24 },
    { header: "Value", key: "v", width: 80 },
  ];
  const s = model.signoff;
  for (const [k, v] of [
    ["Project", model.run.projectName],
    ["Framework", `${soa.framework.title} (${soa.framework.version})`],
    ["Run", model.run.runId],
    ["Period covered", `${s.periodStart} to ${s.periodEnd}`],
    ["Assessor", s.assessor ?? "not declared"],
    ["Scope", s.scope ?? "not declared"],
    ["Manifest SHA-256", model.verification.manifestSha256],
    ["Signing key fingerprint", s.keyFingerprint ?? s.keyId],
  ] as const)
    info.addRow({ k, v });
  return wb;
}

export async function renderSoaXlsx(model: ReportModel): Promise<Uint8Array> {
  const wb = await workbook(model);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** CSV of the SoA sheet only (RFC 4180 quoting by exceljs/fast-csv). */
export async function renderSoaCsv(model: ReportModel): Promise<Uint8Array> {
  const wb = await workbook(model);
  return new Uint8Array(await wb.csv.writeBuffer({ sheetName: "Statement of Applicability" }));
}
