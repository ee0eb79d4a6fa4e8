/** @module Terminal formatting of problems and run summaries (plain text; colour only on a TTY without NO_COLOR). */
import { relative } from "node:path";
import type { Problem } from "../catalog/index.js";
import type { AuditResult, RequirementResult, Status } from "../model/index.js";

const useColor = (stream: NodeJS.WriteStream) =>
  stream.isTTY && !process.env["NO_COLOR"] && process.env["TERM"] !== "dumb";
const paint = (code: number, s: string, stream: NodeJS.WriteStream = process.stdout) =>
  useColor(stream) ? `\x1b[${code}m${s}\x1b[0m` : s;
export const red = (s: string, st?: NodeJS.WriteStream) => paint(31, s, st);
export const green = (s: string, st?: NodeJS.WriteStream) => paint(32, s, st);
export const yellow = (s: string, st?: NodeJS.WriteStream) => paint(33, s, st);
export const bold = (s: string, st?: NodeJS.WriteStream) => paint(1, s, st);
export const dim = (s: string, st?: NodeJS.WriteStream) => paint(2, s, st);

export const STATUS_MARK: Readonly<Record<Status, string>> = {
  pass: "✓",
  fail: "✗",
  error: "!",
  not_applicable: "–",
  manual: "?",
  waived: "~",
};

export function formatProblem(p: Problem): string {
  const file = relative(process.cwd(), p.file) || p.file;
  const sev = p.severity === "error" ? red("error", process.stderr) : yellow("warning", process.stderr);
  return `${file}:${p.line}:${p.col}: ${sev}: ${p.message}`;
}

export function formatSummary(result: AuditResult): string {
  const lines: string[] = [];
  lines.push(bold(`Assay run ${result.runId}`) + dim(`  project ${result.projectName} · profile ${result.profileId}`));
  lines.push("");
  for (const f of result.frameworks) {
    const c = f.counts;
    const score = f.score === null ? "  n/a " : `${f.score.toFixed(1).padStart(5)}%`;
    lines.push(
      `  ${f.frameworkId.padEnd(16)} score ${bold(score)}   ${green(`pass ${c.pass}`)}  ${red(`fail ${c.fail}`)}  ${yellow(`error ${c.error}`)}  n/a ${c.not_applicable}  waived ${c.waived}  manual ${c.manual}`,
    );
  }
  const failing = result.frameworks.flatMap((f) =>
    f.requirements.filter((r) => r.status === "fail" || r.status === "error"),
  );
  if (failing.length > 0) {
    lines.push("", bold(`Failing requirements (${failing.length}):`));
    for (const r of failing) lines.push(formatRequirement(r));
  }
  lines.push("");
  lines.push(result.gate.passed ? green("Gate: passed") : red(`Gate: FAILED — ${result.gate.reasons.join("; ")}`));
  return lines.join("\n");
}

function formatRequirement(r: RequirementResult): string {
  const mark = r.status === "fail" ? red(STATUS_MARK.fail) : yellow(STATUS_MARK.error);
  const head = `  ${mark} ${r.severity.padEnd(8)} ${r.requirementId.padEnd(14)} ${r.label.padEnd(14)} ${r.title}`;
  const why = r.checks
    .filter((c) => c.status === "fail" || c.status === "error")
    .slice(0, 3)
    .map((c) => dim(`      ${c.checkId} @ ${c.targetId}: ${c.message}`));
  return [head, ...why].join("\n");
}

export function formatEvidence(e: { runDir: string; manifestSha256: string; keyId: string }): string {
  const dir = relative(process.cwd(), e.runDir) || e.runDir;
  return [
    "",
    `Evidence: ${dir}`,
    dim(`  manifest sha256 ${e.manifestSha256} · key ${e.keyId}`),
    `  verify: assay verify ${dir}`,
    "",
  ].join("\n");
}

export function formatReports(paths: readonly string[]): string {
  if (paths.length === 0) return "";
  return ["Reports:", ...paths.map((p) => `  ${relative(process.cwd(), p) || p}`), ""].join("\n");
}
