/** @module Terminal formatting of problems and run summaries (plain text; colour only on a TTY without NO_COLOR). */
import { relative } from "node:path";
import type { Problem } from "../catalog/index.js";
import { describeAttestation } from "../evaluate/attestations.js";
import { describeCheckChange } from "../evaluate/baseline.js";
import {
  type AppliedWaiver,
  type AuditResult,
  type AuditSpec,
  type CheckResult,
  type RequirementResult,
  type Status,
  describeSelection,
} from "../model/index.js";
import type { BaselineOutcome, EvidenceInfo, ReportsOutcome } from "../pipeline.js";
import { formatNotAudited, notAudited } from "./format-errors.js";

export { notAudited };

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
  overdue: "⌛",
  unassessed: "?",
  waived: "~",
  not_selected: "·",
};

/** How many failing checks per requirement, and failing findings per check, the terminal shows. */
const SHOWN_CHECKS = 3;
const SHOWN_FINDINGS = 3;

export function formatProblem(p: Problem): string {
  const file = relative(process.cwd(), p.file) || p.file;
  const sev = p.severity === "error" ? red("error", process.stderr) : yellow("warning", process.stderr);
  return `${file}:${p.line}:${p.col}: ${sev}: ${p.message}`;
}

export interface SummaryOptions {
  readonly baseline?: BaselineOutcome | null;
  readonly allowErrors?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function formatSummary(result: AuditResult, spec: AuditSpec, opts: SummaryOptions = {}): string {
  const lines: string[] = [];
  lines.push(bold(`Assay run ${result.runId}`) + dim(`  project ${result.projectName} · profile ${result.profileId}`));
  if (result.selection) lines.push(yellow(`Not the whole project: ${describeSelection(result.selection)}.`));
  lines.push("");
  for (const f of result.frameworks) {
    const c = f.counts;
    const scored = c.pass + c.fail + c.error + c.overdue;
    const score = f.score === null ? "  n/a " : `${f.score.toFixed(1).padStart(5)}%`;
    const a = f.assessment;
    lines.push(
      `  ${f.frameworkId.padEnd(16)} score ${bold(score)} over ${scored} of ${f.requirements.length} requirements (coverage ${f.coverage}%)   ${green(`pass ${c.pass}`)}  ${red(`fail ${c.fail}`)}  ${yellow(`error ${c.error}`)}  ${yellow(`overdue ${c.overdue}`)}  n/a ${c.not_applicable}  waived ${c.waived}  unassessed ${c.unassessed}${c.not_selected > 0 ? `  not selected ${c.not_selected}` : ""}`,
      dim(
        `  ${"".padEnd(16)} assessed: automated ${a.automated} · attested ${a.attested} · overdue ${a.overdue} · unassessed ${a.unassessed}`,
      ),
    );
  }
  const cc = countChecks(result.checkResults);
  lines.push(
    dim(
      `  checks × targets: ${result.checkResults.length}   pass ${cc.pass}  fail ${cc.fail}  error ${cc.error}  n/a ${cc.not_applicable}  waived ${cc.waived}`,
    ),
  );
  const failing = result.frameworks.flatMap((f) =>
    f.requirements.filter((r) => r.status === "fail" || r.status === "error"),
  );
  if (failing.length > 0) {
    lines.push("", bold(`Failing requirements (${failing.length}):`));
    for (const r of failing) lines.push(...formatRequirement(r, result.runId));
  }
  const attested = result.frameworks.flatMap((f) => f.requirements.filter((r) => r.attestation));
  if (attested.length > 0) {
    lines.push("", bold(`Attestations (${attested.length}):`));
    for (const r of attested) {
      const a = r.attestation;
      if (!a) continue;
      const mark =
        r.status === "overdue"
          ? yellow(STATUS_MARK.overdue)
          : r.status === "fail"
            ? red(STATUS_MARK.fail)
            : STATUS_MARK[r.status];
      lines.push(`  ${mark} ${r.label.padEnd(14)} ${r.status.padEnd(14)} ${dim(describeAttestation(a))}`);
    }
  }
  lines.push(...formatWaivers(result));
  lines.push(...formatNotAudited(result, spec, Boolean(opts.allowErrors)));
  if (opts.baseline) lines.push(...formatBaseline(opts.baseline));
  lines.push("", formatGate(result));
  return lines.join("\n");
}

function countChecks(rows: readonly CheckResult[]): Record<CheckResult["status"], number> {
  const c = { pass: 0, fail: 0, error: 0, not_applicable: 0, waived: 0 };
  for (const r of rows) c[r.status]++;
  return c;
}

function formatGate(result: AuditResult): string {
  const against = result.gate.baseline ? ` against baseline ${result.gate.baseline}` : "";
  if (result.gate.passed) return green(`Gate${against}: passed${result.gate.baseline ? " (no regressions)" : ""}`);
  return red(`Gate${against}: FAILED — ${result.gate.reasons.join("; ")}`);
}

function formatRequirement(r: RequirementResult, runId: string): string[] {
  const mark = r.status === "fail" ? red(STATUS_MARK.fail) : yellow(STATUS_MARK.error);
  const out = [`  ${mark} ${r.severity.padEnd(8)} ${r.requirementId.padEnd(14)} ${r.label.padEnd(14)} ${r.title}`];
  if (r.attestation) out.push(dim(`      ${describeAttestation(r.attestation)}`));
  const bad = r.checks.filter((c) => c.status === "fail" || c.status === "error");
  for (const c of bad.slice(0, SHOWN_CHECKS)) out.push(...formatCheck(c));
  const waived = r.checks.filter((c) => c.status === "waived");
  for (const c of waived)
    out.push(dim(`      ${STATUS_MARK.waived} ${c.checkId} @ ${c.targetId}: waived by ${c.waiver?.id}`));
  const hidden = bad.length - SHOWN_CHECKS;
  const hiddenFindings = bad.slice(0, SHOWN_CHECKS).some((c) => failingFindings(c).length > SHOWN_FINDINGS);
  if (hidden > 0 || hiddenFindings) {
    const more = hidden > 0 ? `+${plural(hidden, "more failing check")}; ` : "";
    out.push(dim(`      ${more}every finding: assay evidence show ${runId} ${r.requirementId}`));
  }
  return out;
}

const failingFindings = (c: CheckResult) => c.findings.filter((f) => f.status === c.underlying);

function formatCheck(c: CheckResult): string[] {
  const findings = failingFindings(c);
  if (findings.length <= 1) return [dim(`      ${c.checkId} @ ${c.targetId}: ${c.message}`)];
  const out = [
    dim(
      `      ${c.checkId} @ ${c.targetId}: ${plural(findings.length, c.underlying === "fail" ? "failure" : "error")}`,
    ),
  ];
  for (const f of findings.slice(0, SHOWN_FINDINGS)) out.push(dim(`        - ${f.message}`));
  if (findings.length > SHOWN_FINDINGS) out.push(dim(`        +${findings.length - SHOWN_FINDINGS} more`));
  return out;
}

const waiverText = (w: AppliedWaiver) => `${w.id} (${w.approver}, until ${w.expires}): ${w.justification}`;

function formatWaivers(result: AuditResult): string[] {
  const lines: string[] = [];
  const checks = result.checkResults.filter((c) => c.status === "waived");
  const reqs = result.frameworks.flatMap((f) => f.requirements.filter((r) => r.status === "waived"));
  if (checks.length + reqs.length > 0) {
    lines.push("", bold(`Waived (${plural(reqs.length, "requirement")}, ${plural(checks.length, "check × target")}):`));
    for (const r of reqs)
      lines.push(
        `  ${STATUS_MARK.waived} ${r.requirementId} ${r.label} (was ${r.underlying}) — ${waiverText(r.waiver!)}`,
      );
    for (const c of checks)
      lines.push(
        `  ${STATUS_MARK.waived} ${c.checkId} @ ${c.targetId} (was ${c.underlying}) — ${waiverText(c.waiver!)}`,
      );
  }
  const expired = new Map<string, AppliedWaiver>();
  for (const c of result.checkResults) for (const w of c.expiredWaivers ?? []) expired.set(w.id, w);
  for (const f of result.frameworks)
    for (const r of f.requirements) for (const w of r.expiredWaivers ?? []) expired.set(w.id, w);
  if (expired.size > 0) {
    lines.push("", yellow(`Expired waivers (${expired.size}), no longer applied:`));
    for (const w of expired.values()) lines.push(`  ${waiverText(w)}`);
  }
  return lines;
}

function formatBaseline(b: BaselineOutcome): string[] {
  const { diff } = b;
  const n = diff.regressed.length + diff.checks.regressed.length;
  const lines = ["", bold(`Regressions since baseline ${b.runId}: ${n}`)];
  for (const r of diff.regressed) lines.push(`  ${r.frameworkId} ${r.label} ${r.before ?? "new"}→${r.after ?? "gone"}`);
  for (const c of diff.checks.regressed) {
    lines.push(`  ${describeCheckChange(c)}`);
    for (const f of c.findings.slice(0, SHOWN_FINDINGS)) lines.push(dim(`    - ${f.message}`));
    if (c.findings.length > SHOWN_FINDINGS) lines.push(dim(`    +${c.findings.length - SHOWN_FINDINGS} more`));
  }
  return lines;
}

export function formatEvidence(e: EvidenceInfo): string {
  const dir = relative(process.cwd(), e.runDir) || e.runDir;
  return [
    "",
    `Evidence: ${dir}`,
    dim(`  manifest sha256 ${e.manifestSha256} · key ${e.keyId}`),
    `  verify: assay verify ${dir}`,
    "",
  ].join("\n");
}

export function formatReports(reports: ReportsOutcome | null): string {
  if (!reports) return "";
  const shown = (p: string) => relative(process.cwd(), p) || p;
  const lines = ["Reports:", ...reports.written.map((p) => `  ${shown(p)}`)];
  for (const f of reports.failed) lines.push(red(`  ${f.format}: NOT WRITTEN — ${f.reason}`));
  return [...lines, ""].join("\n");
}
