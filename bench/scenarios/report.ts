/**
 * @module Report bench: HTML and PDF of a stored run with 160 requirements over 10 targets (at least
 * 40 PDF pages, checked with poppler's pdfinfo): the first PDF of a command including the browser
 * start, then a second PDF in the same browser, as `report -f pdf,soa-pdf` and `bundle` do.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figure, Scenario } from "../harness.js";
import { medianMs } from "../harness.js";
import { loadReportModel } from "../../src/report/index.js";
import type { ReportModel } from "../../src/report/index.js";
import { renderHtml } from "../../src/report/html/index.js";
import { fixtureKey, writeFixtureRuns } from "../../test/report/fixtures/run.js";

/** Page count by pdfinfo (poppler-utils), not by Assay. */
async function pages(pdf: Uint8Array, dir: string): Promise<number> {
  const file = join(dir, "bench.pdf");
  await writeFile(file, pdf);
  return Number(/^Pages:\s+(\d+)/m.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1] ?? 0);
}

const MIN_PAGES = 40;

export const reportRender: Scenario = {
  name: "report: 160 requirements × 10 targets",
  async run(): Promise<readonly Figure[]> {
    const dir = await mkdtemp(join(tmpdir(), "assay-bench-report-"));
    try {
      const { key } = await fixtureKey();
      await writeFixtureRuns(
        dir,
        [
          { runId: "bench-1", startedAt: "2026-11-10T07:00:00.000Z", requirements: 160, targets: 10, failRate: 0.2 },
          { runId: "bench-2", startedAt: "2026-11-24T07:00:00.000Z", requirements: 160, targets: 10, failRate: 0.1 },
        ],
        key,
      );
      const evidenceDir = join(dir, "evidence");
      let model: ReportModel | undefined;
      const loadMs = await medianMs(3, async () => (model = await loadReportModel("bench-2", { evidenceDir })));
      if (!model) throw new Error("no model");
      const m = model;
      let html = "";
      const htmlMs = await medianMs(5, () => Promise.resolve((html = renderHtml(m))));
      const { launchPrinter } = await import("../../src/report/pdf/index.js");
      const t0 = performance.now();
      const printer = await launchPrinter();
      let pdf: Uint8Array;
      let againMs: number;
      try {
        pdf = await printer.print(m, renderHtml(m, { print: true }));
        const t1 = performance.now();
        await printer.print(m, renderHtml(m, { print: true }));
        againMs = Math.round(performance.now() - t1);
      } finally {
        await printer.close();
      }
      const pdfMs = Math.round(performance.now() - t0 - againMs);
      const pageCount = await pages(pdf, dir);
      if (pageCount < MIN_PAGES) throw new Error(`the bench PDF has ${pageCount} pages, fewer than ${MIN_PAGES}`);
      return [
        {
          name: "check × target rows",
          value: m.frameworks.reduce((n, f) => n + f.requirements.reduce((k, r) => k + r.checks.length, 0), 0),
          unit: "rows",
        },
        { name: "load + verify stored run → model (median of 3)", value: loadMs, unit: "ms" },
        { name: "HTML render (median of 5)", value: htmlMs, unit: "ms", target: "< 300 ms" },
        { name: "HTML size", value: Math.round(html.length / 1024), unit: "KiB" },
        { name: "PDF pages (pdfinfo)", value: pageCount, unit: "pages", target: `≥ ${MIN_PAGES}` },
        { name: "PDF incl. print HTML + browser start (one run)", value: pdfMs, unit: "ms", target: "< 3000 ms" },
        { name: "next PDF in the same browser (one run)", value: againMs, unit: "ms" },
        { name: "PDF size", value: Math.round(pdf.length / 1024), unit: "KiB" },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
