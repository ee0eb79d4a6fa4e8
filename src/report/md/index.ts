/** @module Markdown renderer: a short summary for a CI job summary or a pull-request comment. */
import type { ReportModel } from "../model.js";
import { failingRequirements } from "../model.js";

/** Failing requirements listed before the table says "…and N more". */
export const MD_TOP = 20;

/** Markdown table cells: no pipe, no newline, no HTML or link syntax from observed values. */
export function mdCell(s: string): string {
  return s
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .slice(0, 200);
}

export function renderMarkdown(model: ReportModel): string {
  const lines: string[] = [];
  const gate = model.gate.passed ? "✅ gate passed" : "❌ gate failed";
  lines.push(`## Assay: ${mdCell(model.run.projectName)} — ${gate}`, "");
  lines.push(`Run \`${model.run.runId}\` · profile ${mdCell(model.run.profileId)} · ${model.run.startedAt}`, "");
  for (const r of model.gate.reasons) lines.push(`- ${mdCell(r)}`);
  if (model.gate.reasons.length > 0) lines.push("");
  lines.push(
    "| Framework | Score | Coverage | Pass | Fail | Error | Overdue | Waived | Unassessed | N/A | Automated / attested / overdue / unassessed |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  );
  for (const f of model.frameworks) {
    const c = f.counts;
    const score = f.score === null ? "–" : f.score.toFixed(1);
    lines.push(
      `| ${mdCell(f.title)} | **${score}** | ${f.coverage}% | ${c.pass} | ${c.fail} | ${c.error} | ${c.overdue} | ${c.waived} | ${c.unassessed} | ${c.not_applicable} | ${f.assessment.automated} / ${f.assessment.attested} / ${f.assessment.overdue} / ${f.assessment.unassessed} |`,
    );
  }
  const failing = failingRequirements(model);
  lines.push("", `### Failing requirements (${failing.length})`, "");
  if (failing.length === 0) lines.push("None.");
  else {
    lines.push("| Severity | Requirement | Title | Status |", "|---|---|---|---|");
    for (const { requirement: r } of failing.slice(0, MD_TOP)) {
      lines.push(`| ${r.severity} | ${mdCell(r.label)} \`${r.id}\` | ${mdCell(r.title)} | ${r.status} |`);
    }
    if (failing.length > MD_TOP) lines.push("", `…and ${failing.length - MD_TOP} more in the full report.`);
  }
  const v = model.verification;
  lines.push(
    "",
    `Evidence: ${v.ok ? "verified ✅" : "did NOT verify ❌"} · manifest SHA-256 \`${v.manifestSha256.slice(0, 16)}…\``,
  );
  lines.push("", "```sh", v.command, "```", "");
  return lines.join("\n");
}
