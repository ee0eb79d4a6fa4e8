/**
 * @module `assay report <run>`: render a stored, verified run in any formats into a folder. Each
 * format is rendered on its own: one that fails is named with its reason, the others are written.
 */
import { loadReportModel, parseFormats, renderReport } from "../report/index.js";
import { isAbsolute, join, relative } from "node:path";
import { EXIT } from "./exit.js";
import { projectStores, trustedKeys, type StoreOptions } from "./stores.js";

export interface ReportCliOptions extends StoreOptions {
  readonly format: string;
  /** Reports folder; the run's reports go into `<out>/<run-id>/`. Default: the project's reports.dir. */
  readonly out?: string;
  /** `--key`, repeatable. */
  readonly key?: readonly string[];
  readonly json?: boolean;
}

export async function reportCommand(run: string, opts: ReportCliOptions): Promise<number> {
  const formats = parseFormats(opts.format);
  const stores = await projectStores(opts);
  const model = await loadReportModel(run, {
    evidenceDir: stores.evidenceDir,
    ...trustedKeys(opts.key),
  });
  const { written, failed } = await renderReport(model, formats, join(opts.out ?? stores.reportsDir, model.run.runId));
  if (opts.json)
    process.stdout.write(
      `${JSON.stringify(
        {
          runId: model.run.runId,
          verified: model.verification.ok,
          written: written.map(shortPath),
          failed: failed.map((f) => ({ format: f.format, reason: f.reason })),
        },
        null,
        2,
      )}\n`,
    );
  else for (const p of written) process.stdout.write(`wrote ${shortPath(p)}\n`);
  for (const f of failed)
    process.stderr.write(
      `assay report: the ${f.format} report could not be written: ${f.reason}${f.hint ? `\n  hint: ${f.hint}` : ""}\n`,
    );
  if (failed.length > 0) return EXIT.reportFailed;
  if (!model.verification.ok) {
    process.stderr.write(
      `assay report: warning: the evidence of run ${model.run.runId} did NOT verify: ${model.verification.problems[0] ?? "unknown problem"}\n`,
    );
    process.stderr.write("  the reports say so in their verification section; do not rely on them\n");
    return EXIT.gateFailed;
  }
  return EXIT.ok;
}

/** A path under the working directory relative to it; any other as given. */
function shortPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r !== "" && !r.startsWith("..") && !isAbsolute(r) ? r : p;
}
