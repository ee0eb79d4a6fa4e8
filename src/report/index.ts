/**
 * @module Public surface of the report stage: the typed renderer map (adding a format touches one
 * folder and one line here), `renderReport` to write formats to a folder (each format on its own:
 * one that fails is reported and the others are still written; all PDFs of a call share one
 * browser), `loadReportModel` to build the model from a stored run.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AssayError, errorMessage } from "../errors.js";
import { ReportUsageError } from "./errors.js";
import type { ReportModel } from "./model.js";
import { renderHtml } from "./html/index.js";
import { renderJson } from "./json/index.js";
import { renderJunit } from "./junit/index.js";
import { renderMarkdown } from "./md/index.js";
import { renderOscal } from "./oscal/index.js";
import { renderSarif } from "./sarif/index.js";
import { renderSoaHtml } from "./soa/html.js";
import { RenderSession, withRenderSession } from "./session.js";

export interface Renderer {
  readonly fileName: string;
  /** `session`: what the formats of one command share (the PDF browser); without it a PDF starts its own. */
  readonly render: (model: ReportModel, session?: RenderSession) => string | Uint8Array | Promise<string | Uint8Array>;
}

/** puppeteer-core and Chromium are loaded only when a PDF is asked for. */
async function printPdf(model: ReportModel, html: string, session: RenderSession | undefined, landscape = false) {
  const { renderPdf } = await import("./pdf/index.js");
  return renderPdf(model, html, { landscape }, session ? await session.printer() : undefined);
}

export const renderers = {
  html: { fileName: "report.html", render: (m) => renderHtml(m) },
  pdf: { fileName: "report.pdf", render: (m, s) => printPdf(m, renderHtml(m, { print: true }), s) },
  json: { fileName: "report.json", render: (m) => renderJson(m) },
  junit: { fileName: "junit.xml", render: (m) => renderJunit(m) },
  sarif: { fileName: "report.sarif", render: (m) => renderSarif(m) },
  oscal: { fileName: "assessment-results.json", render: (m) => renderOscal(m) },
  md: { fileName: "summary.md", render: (m) => renderMarkdown(m) },
  // Statement of Applicability (ISO/IEC 27001): HTML, PDF, CSV, XLSX; exceljs loads only when asked.
  soa: { fileName: "soa.html", render: (m) => renderSoaHtml(m) },
  "soa-pdf": { fileName: "soa.pdf", render: (m, s) => printPdf(m, renderSoaHtml(m), s, true) },
  "soa-csv": { fileName: "soa.csv", render: async (m) => (await import("./soa/sheet.js")).renderSoaCsv(m) },
  "soa-xlsx": { fileName: "soa.xlsx", render: async (m) => (await import("./soa/sheet.js")).renderSoaXlsx(m) },
} as const satisfies Record<string, Renderer>;

export type ReportFormat = keyof typeof renderers;
export const REPORT_FORMATS = Object.keys(renderers) as ReportFormat[];

export { ReportUsageError, RenderSession, withRenderSession };

/** Parses `html,pdf` (or a list) into formats; an unknown name is an error listing the known ones. */
export function parseFormats(input: string | readonly string[]): ReportFormat[] {
  const names = (typeof input === "string" ? input.split(",") : input)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  const unknown = names.filter((n) => !(n in renderers));
  if (unknown.length > 0)
    throw new ReportUsageError(
      `unknown report format ${unknown.map((u) => `"${u}"`).join(", ")}; known: ${REPORT_FORMATS.join(", ")}`,
    );
  if (names.length === 0) throw new ReportUsageError(`no report format given; known: ${REPORT_FORMATS.join(", ")}`);
  return [...new Set(names)] as ReportFormat[];
}

export interface ReportFailure {
  readonly format: ReportFormat;
  readonly reason: string;
  /** What to do about it, when known (e.g. how to get a Chromium for PDF). */
  readonly hint?: string;
}

export interface RenderOutcome {
  /** Paths written, in format order. */
  readonly written: readonly string[];
  /** Formats that could not be rendered or written, with the reason; the others were still written. */
  readonly failed: readonly ReportFailure[];
}

/**
 * Renders each format into `outDir` (created when missing). A format that fails does not stop the
 * others. PDFs share `session`'s browser; without a session, one is opened and closed here.
 */
export async function renderReport(
  model: ReportModel,
  formats: readonly ReportFormat[],
  outDir: string,
  session?: RenderSession,
): Promise<RenderOutcome> {
  if (!session) return withRenderSession((s) => renderReport(model, formats, outDir, s));
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const failed: ReportFailure[] = [];
  for (const format of formats) {
    const r: Renderer = renderers[format];
    const path = join(outDir, r.fileName);
    try {
      await writeFile(path, await r.render(model, session));
      written.push(path);
    } catch (err) {
      const hint = err instanceof AssayError ? err.hint : undefined;
      failed.push({ format, reason: errorMessage(err), ...(hint !== undefined ? { hint } : {}) });
    }
  }
  return { written, failed };
}

export type * from "./model.js";
export { failingRequirements } from "./model.js";
export { buildReportModel } from "./build.js";
export type { BuildInput, StoredRun } from "./build.js";
export { loadReportModel, ReportError } from "./load.js";
export type { LoadOptions } from "./load.js";
