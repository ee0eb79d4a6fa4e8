/**
 * @module `assay run`: parse the options, call `runAudit()`, print what it returns, pick the exit
 * code. Errors the user must fix arrive as `AssayError`s and are printed by `main.ts`.
 */
import { capPerFile } from "../catalog/index.js";
import { AssayError, EXIT } from "../errors.js";
import type { Severity } from "../model/index.js";
import { runAudit } from "../pipeline.js";
import { coverage, describeCoverage } from "../plan/coverage.js";
import { PROBES } from "../probes/registry.js";
import { selectionOf } from "../plan/select.js";
import type { ReportFormat } from "../report/index.js";
import { runExitCode } from "./exit.js";
import { formatEvidence, formatProblem, formatReports, formatSummary, notAudited } from "./format.js";
import { createReporter } from "./progress.js";
import { toRunJson } from "./run-json.js";

export interface RunCliOptions {
  project: string;
  profile?: string;
  failUnder?: number;
  failOn?: string;
  allowErrors?: boolean;
  json?: boolean;
  evidence: boolean;
  quiet?: boolean;
  logLevel: string;
  report?: string;
  reportDir?: string;
  baseline?: string;
  targets?: string;
  target?: string;
  tags?: string;
  checks?: string;
  framework?: string;
  concurrency?: number;
  queue?: string;
  resume?: string;
  waitTimeout?: number;
}

const usage = (message: string) => new AssayError(message, { exit: EXIT.invalid });

async function parseReportFormats(opts: RunCliOptions): Promise<ReportFormat[]> {
  if (opts.report === undefined) return [];
  const formats = (await import("../report/index.js")).parseFormats(opts.report);
  if (!opts.evidence)
    throw usage("--report renders from the stored, signed run, so it cannot be combined with --no-evidence");
  return formats;
}

export async function runCommand(opts: RunCliOptions): Promise<number> {
  // With a baseline the gate is about regressions; severities gate only when asked for explicitly.
  const failOn = opts.failOn ?? (opts.baseline ? "none" : "info");
  const formats = await parseReportFormats(opts);
  const selection = selectionOf(opts); // a usage error before anything runs
  const queueUrl = opts.queue ?? (opts.resume !== undefined ? process.env["ASSAY_QUEUE_URL"] : undefined);
  if ((opts.resume !== undefined || opts.waitTimeout !== undefined) && queueUrl === undefined)
    throw usage("--resume and --wait-timeout need --queue <url> (or ASSAY_QUEUE_URL)");
  if (opts.concurrency !== undefined && queueUrl !== undefined)
    throw usage(
      "--concurrency sets this machine's engine; with --queue give it to each worker (assay worker --concurrency)",
    );
  if (opts.waitTimeout !== undefined && !(opts.waitTimeout > 0))
    throw usage("--wait-timeout must be a positive number of seconds");
  const distributed =
    queueUrl !== undefined ? await (await import("./run-queue.js")).distributedRun(queueUrl, opts) : undefined;
  const reporter = await createReporter({ quiet: Boolean(opts.quiet), logLevel: opts.logLevel });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    const outcome = await runAudit({
      projectFile: opts.project,
      ...(opts.profile ? { profile: opts.profile } : {}),
      gate: {
        ...(opts.failUnder !== undefined ? { failUnder: opts.failUnder } : {}),
        ...(failOn !== "none" ? { failOn: failOn as Severity } : {}),
      },
      ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
      evidence: opts.evidence,
      reports: formats,
      ...(opts.reportDir !== undefined ? { reportDir: opts.reportDir } : {}),
      signal: controller.signal,
      onEvent: reporter.onEvent,
      selection,
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
      ...(distributed
        ? {
            runId: () => distributed.runId,
            observe: distributed.observe(reporter.onQueueProgress),
            partial: distributed.partial,
          }
        : {}),
      onNotice: (m) => process.stderr.write(`assay: ${m}\n`),
    });
    reporter.stop();
    for (const w of capPerFile(outcome.warnings)) process.stderr.write(`${formatProblem(w)}\n`);
    if (!outcome.ok) {
      for (const p of capPerFile(outcome.problems)) process.stderr.write(`${formatProblem(p)}\n`);
      throw new AssayError(`${outcome.problems.length} problem(s) in the inputs; nothing ran`, {
        exit: EXIT.invalid,
        hint: "fix them and run again (assay check shows the same list)",
      });
    }
    const { result, spec, evidence, reports, baseline } = outcome;
    // Targets nothing audited and checks nothing ran for are said on every run, not only by check.
    if (!opts.quiet)
      for (const gap of describeCoverage(coverage(spec, PROBES), spec)) process.stderr.write(`warning: ${gap}\n`);
    const failed = reports?.failed ?? [];
    if (opts.json) process.stdout.write(`${JSON.stringify(toRunJson(result, evidence, reports), null, 2)}\n`);
    else if (!opts.quiet)
      process.stdout.write(
        `${formatSummary(result, spec, { baseline, allowErrors: Boolean(opts.allowErrors) })}\n${evidence ? formatEvidence(evidence) : ""}${formatReports(reports)}`,
      );
    for (const f of failed)
      process.stderr.write(
        `assay run: the ${f.format} report could not be written: ${f.reason}${f.hint ? `\n  hint: ${f.hint}` : ""}\n`,
      );
    if (distributed) await distributed.forget((m) => process.stderr.write(`assay run: note: ${m}\n`));
    const partial = distributed?.partial();
    if (partial) {
      process.stderr.write(
        `assay run: PARTIAL: ${partial.missing.length} probe run(s) have no result; the run is signed as partial and lists them (assay verify shows them)\n`,
      );
      return EXIT.incomplete;
    }
    return runExitCode({
      gatePassed: result.gate.passed,
      notAudited: notAudited(result).length,
      allowErrors: Boolean(opts.allowErrors),
      reportsFailed: failed.length,
    });
  } finally {
    reporter.stop();
    process.off("SIGINT", onSigint);
  }
}
