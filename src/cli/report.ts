/** @module `assay report <run>`: render a stored, verified run in any formats into a folder. */
import { EvidenceError } from "../evidence/index.js";
import { ReportError, ReportUsageError, loadReportModel, parseFormats, renderReport } from "../report/index.js";
import { ChromeNotFoundError } from "../report/pdf/chrome.js";

export interface ReportCliOptions {
  readonly format: string;
  readonly out: string;
  readonly evidence: string;
  readonly key?: string;
}

export async function reportCommand(run: string, opts: ReportCliOptions): Promise<number> {
  try {
    const formats = parseFormats(opts.format);
    const model = await loadReportModel(run, {
      evidenceDir: opts.evidence,
      ...(opts.key !== undefined ? { publicKey: opts.key } : {}),
    });
    const written = await renderReport(model, formats, opts.out);
    for (const p of written) process.stdout.write(`wrote ${p}\n`);
    if (!model.verification.ok) {
      process.stderr.write(
        `assay report: warning: the evidence of run ${model.run.runId} did NOT verify: ${model.verification.problems[0] ?? "unknown problem"}\n`,
      );
      process.stderr.write("  the reports say so in their verification section; do not rely on them\n");
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof ReportUsageError || err instanceof EvidenceError || err instanceof ReportError) {
      process.stderr.write(`assay report: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ChromeNotFoundError) {
      process.stderr.write(`assay report: ${err.message}\n`);
      return 3;
    }
    throw err;
  }
}
