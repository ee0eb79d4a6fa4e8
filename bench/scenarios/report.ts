/** @module Report bench: HTML and PDF of a stored run with 150 requirements over 10 targets. */
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

function pages(pdf: Uint8Array, dir: string): Promise<number> {
  const file = join(dir, "bench.pdf");
  return writeFile(file, pdf).then(() => {
    try {
      return Number(/^Pages:\s+(\d+)/m.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1] ?? 0);
    } catch {
      return 0;
    }
  });
}

export const reportRender: Scenario = {
  name: "report: 150 requirements × 10 targets",
  async run(): Promise<readonly Figure[]> {
    const dir = await mkdtemp(join(tmpdir(), "assay-bench-report-"));
    try {
      const { key } = await fixtureKey();
      await writeFixtureRuns(
        dir,
        [
          { runId: "bench-1", startedAt: "2026-11-10T07:00:00.000Z", requirements: 150, targets: 10, failRate: 0.2 },
          { runId: "bench-2", startedAt: "2026-11-24T07:00:00.000Z", requirements: 150, targets: 10, failRate: 0.1 },
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
      const { renderPdf } = await import("../../src/report/pdf/index.js");
      const t0 = performance.now();
      const pdf = await renderPdf(m);
      const pdfMs = Math.round(performance.now() - t0);
      return [
        {
          name: "check × target rows",
          value: m.frameworks.reduce((n, f) => n + f.requirements.reduce((k, r) => k + r.checks.length, 0), 0),
          unit: "rows",
        },
        { name: "load + verify stored run → model (median of 3)", value: loadMs, unit: "ms" },
        { name: "HTML render (median of 5)", value: htmlMs, unit: "ms", target: "< 300 ms" },
        { name: "HTML size", value: Math.round(html.length / 1024), unit: "KiB" },
        { name: "PDF incl. print HTML + browser start (one run)", value: pdfMs, unit: "ms", target: "< 3000 ms" },
        { name: "PDF pages", value: await pages(pdf, dir), unit: "pages" },
        { name: "PDF size", value: Math.round(pdf.length / 1024), unit: "KiB" },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
