/**
 * @module Markdown renderer: the summary for a CI job summary or a pull-request comment — what was
 * assessed, scores with their coverage, failing requirements, every failing check × target with
 * every finding (beyond a few, folded into a `<details>` block, never dropped), waivers at both
 * levels, and what could not be audited.
 */
import { describeSelection } from "../../model/index.js";
import type { ReportCheckRow, ReportModel, ReportWaiver } from "../model.js";
import { checkRows, decisiveFindings, failingRequirements } from "../model.js";

/** Failing requirements listed before the table says "…and N more". */
export const MD_TOP = 20;
/** Findings per check shown before the rest fold into a `<details>` block. */
export const MD_FINDINGS = 5;

/** Markdown table cells: no pipe, no newline, no HTML or link syntax from observed values. */
export function mdCell(s: string): string {
  return s
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .slice(0, 200);
}

/** Inline text outside tables: the same escaping, without the length cap (a finding is never cut). */
const md = (s: string): string => s.replace(/[\r\n]+/g, " ").replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);

const waiverText = (w: ReportWaiver): string =>
  `${mdCell(w.id)} — ${mdCell(w.approver)}, until ${mdCell(w.expires)}: ${mdCell(w.justification)}`;

function findingLines(c: ReportCheckRow): string[] {
  const list = decisiveFindings(c).map(
    (f) => `  - ${f.subject !== null ? `\`${md(f.subject)}\`: ` : ""}${md(f.message)}`,
  );
  if (list.length <= MD_FINDINGS) return list;
  return [
    ...list.slice(0, MD_FINDINGS),
    "",
    `  <details><summary>${list.length - MD_FINDINGS} more findings</summary>`,
    "",
    ...list.slice(MD_FINDINGS),
    "",
    "  </details>",
    "",
  ];
}

function scope(model: ReportModel): string[] {
  const lines = [`Assessed ${model.run.startedAt} → ${model.run.endedAt} · ${model.run.targets.length} target(s):`, ""];
  for (const t of model.run.targets) {
    const where = Object.entries(t.description)
      .map(([k, v]) => `${k} ${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(", ");
    const version = t.serverVersion ? ` · version ${t.serverVersion}` : "";
    lines.push(`- \`${md(t.id)}\` (${md(t.type)}) ${md(where)}${md(version)} · ${t.checks} check(s)`);
  }
  return [...lines, ""];
}

export function renderMarkdown(model: ReportModel): string {
  const lines: string[] = [];
  const gate = model.gate.passed ? "✅ gate passed" : "❌ gate failed";
  const against = model.gate.baseline ? ` against baseline \`${model.gate.baseline}\`` : "";
  lines.push(`## Assay: ${mdCell(model.run.projectName)} — ${gate}${against}`, "");
  lines.push(`Run \`${model.run.runId}\` · profile ${mdCell(model.run.profileId)} · ${model.run.startedAt}`, "");
  for (const r of model.gate.reasons) lines.push(`- ${mdCell(r)}`);
  if (model.gate.reasons.length > 0) lines.push("");
  if (model.run.selection)
    lines.push(`> **Not the whole project:** ${md(describeSelection(model.run.selection))}.`, "");
  lines.push(...scope(model));
  lines.push(
    "| Framework | Score | Scored over | Coverage | Pass | Fail | Error | Overdue | Waived | Unassessed | N/A | Automated / attested / overdue / unassessed |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  );
  for (const f of model.frameworks) {
    const c = f.counts;
    const score = f.score === null ? "–" : f.score.toFixed(1);
    lines.push(
      `| ${mdCell(f.title)} | **${score}** | ${f.scored} of ${f.requirements.length} requirements | ${f.coverage}% | ${c.pass} | ${c.fail} | ${c.error} | ${c.overdue} | ${c.waived} | ${c.unassessed} | ${c.not_applicable} | ${f.assessment.automated} / ${f.assessment.attested} / ${f.assessment.overdue} / ${f.assessment.unassessed} |`,
    );
  }
  const t = model.checkTotals;
  lines.push(
    "",
    `Checks × targets: pass ${t.pass} · fail ${t.fail} · error ${t.error} · waived ${t.waived} · n/a ${t.not_applicable}`,
  );
  const failing = failingRequirements(model);
  lines.push("", `### Failing requirements (${failing.length})`, "");
  if (failing.length === 0) lines.push("None.");
  else {
    lines.push("| Severity | Requirement | Title | Status | Failing checks |", "|---|---|---|---|---|");
    for (const { requirement: r } of failing.slice(0, MD_TOP)) {
      const bad = r.checks.filter((c) => c.status === "fail" || c.status === "error");
      const checks = [...new Set(bad.map((c) => c.checkId))].map(mdCell).join(", ");
      lines.push(`| ${r.severity} | ${mdCell(r.label)} \`${r.id}\` | ${mdCell(r.title)} | ${r.status} | ${checks} |`);
    }
    if (failing.length > MD_TOP) lines.push("", `…and ${failing.length - MD_TOP} more in the full report.`);
  }
  const rows = checkRows(model);
  const bad = rows.filter((c) => c.status === "fail" || c.status === "error");
  lines.push("", `### Failing checks (${bad.length} check × target)`, "");
  if (bad.length === 0) lines.push("None.");
  for (const c of bad) {
    const n = decisiveFindings(c).length;
    lines.push(`- **${c.status}** \`${md(c.checkId)}\` @ \`${md(c.targetId)}\` — ${n} finding${n === 1 ? "" : "s"}`);
    lines.push(...(n > 0 ? findingLines(c) : [`  - ${md(c.message)}`]));
  }
  const waivedChecks = rows.filter((c) => c.status === "waived");
  const waivedReqs = model.frameworks.flatMap((f) => f.requirements.filter((r) => r.status === "waived"));
  lines.push("", `### Waived (${waivedReqs.length} requirement(s), ${waivedChecks.length} check × target)`, "");
  if (waivedChecks.length + waivedReqs.length === 0) lines.push("None.");
  for (const r of waivedReqs)
    if (r.waiver) lines.push(`- ${mdCell(r.label)} \`${r.id}\` (was ${r.underlying}): ${waiverText(r.waiver)}`);
  for (const c of waivedChecks)
    if (c.waiver)
      lines.push(`- \`${md(c.checkId)}\` @ \`${md(c.targetId)}\` (was ${c.underlying}): ${waiverText(c.waiver)}`);
  const v = model.verification;
  lines.push(
    "",
    `Evidence: ${v.ok ? "verified ✅" : "did NOT verify ❌"} · manifest SHA-256 \`${v.manifestSha256.slice(0, 16)}…\``,
  );
  lines.push("", "```sh", v.command, "```", "");
  return lines.join("\n");
}
