/** @module `assay run`: the pipeline, then evidence, then the human summary or the JSON result, and the exit code. */
import { audit } from "../pipeline.js";
import type { Severity } from "../model/index.js";
import type { RunCliOptions } from "./main.js";
import { EXIT } from "./main.js";
import { formatEvidence, formatProblem, formatReports, formatSummary } from "./format.js";
import type { ReportFormat } from "../report/index.js";
import { type EvidenceInfo, toRunJson } from "./run-json.js";
import { storeEvidence } from "./store-evidence.js";
import { createReporter } from "./progress.js";

export async function runCommand(opts: RunCliOptions): Promise<number> {
  // With a baseline the gate is about regressions; severities gate only when asked for explicitly.
  const failOn = opts.failOn ?? (opts.baseline ? "none" : "info");
  let formats: ReportFormat[] = [];
  try {
    if (opts.report !== undefined) formats = (await import("../report/index.js")).parseFormats(opts.report);
  } catch (err) {
    process.stderr.write(`assay run: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.invalid;
  }
  if (formats.length > 0 && !opts.evidence) {
    process.stderr.write(
      "assay run: --report renders from the stored, signed run, so it cannot be combined with --no-evidence\n",
    );
    return EXIT.invalid;
  }
  const reporter = await createReporter({ quiet: Boolean(opts.quiet), logLevel: opts.logLevel });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    const outcome = await audit({
      projectFile: opts.project,
      ...(opts.profile ? { profile: opts.profile } : {}),
      gate: {
        ...(opts.failUnder !== undefined ? { failUnder: opts.failUnder } : {}),
        ...(failOn !== "none" ? { failOn: failOn as Severity } : {}),
      },
      signal: controller.signal,
      onEvent: reporter.onEvent,
    });
    reporter.stop();
    for (const w of outcome.warnings) process.stderr.write(`${formatProblem(w)}\n`);
    if (!outcome.ok) {
      for (const p of outcome.problems) process.stderr.write(`${formatProblem(p)}\n`);
      process.stderr.write(
        `assay run: ${outcome.problems.length} problem(s) in the inputs; nothing ran. Fix them and run again (assay check shows the same list).\n`,
      );
      return EXIT.invalid;
    }
    const { spec } = outcome;
    let { result } = outcome;
    if (controller.signal.aborted) {
      process.stderr.write("assay run: interrupted; results are incomplete and no evidence was written\n");
      return EXIT.incomplete;
    }
    const extras = opts.baseline || formats.length > 0 ? await import("./run-extras.js") : undefined;
    if (opts.baseline && extras) {
      try {
        result = await extras.gateOnBaseline(result, spec, opts.baseline);
      } catch (err) {
        process.stderr.write(
          `assay run: cannot use baseline ${opts.baseline}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        return EXIT.invalid;
      }
    }
    let evidence: EvidenceInfo | null = null;
    let reports: string[] = [];
    if (opts.evidence) {
      try {
        evidence = await storeEvidence(result, spec);
      } catch (err) {
        process.stderr.write(
          `assay run: evidence could not be written: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        return EXIT.incomplete;
      }
      if (extras && formats.length > 0) {
        try {
          reports = await extras.renderRunReports(evidence.runDir, result.runId, spec, formats, opts.reportDir);
        } catch (err) {
          process.stderr.write(
            `assay run: reports could not be rendered: ${err instanceof Error ? err.message : String(err)}\n`,
          );
          return EXIT.incomplete;
        }
      }
    }
    if (opts.json) process.stdout.write(`${JSON.stringify(toRunJson(result, evidence), null, 2)}\n`);
    else if (!opts.quiet)
      process.stdout.write(
        `${formatSummary(result)}\n${evidence ? formatEvidence(evidence) : ""}${formatReports(reports)}`,
      );
    return result.gate.passed ? EXIT.ok : EXIT.gateFailed;
  } finally {
    reporter.stop();
    process.off("SIGINT", onSigint);
  }
}
