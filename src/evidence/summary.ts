/** @module buildSummary: the evaluated result in the form signed inside the manifest, enough to rebuild any report. */
import { dirname, relative, resolve, sep } from "node:path";
import type { RunSummary, SummaryCatalog, SummaryFramework } from "../model/evidence.js";
import type { AuditResult } from "../model/result.js";
import type { AuditSpec, SourceRef } from "../model/spec.js";

/** Path relative to the project folder with `/` separators, so a summary reads the same on every OS. */
export function projectRelative(spec: AuditSpec, file: string): string {
  const base = dirname(resolve(spec.projectFile));
  return relative(base, resolve(base, file)).split(sep).join("/");
}

function sourceOf(spec: AuditSpec, s: SourceRef): SourceRef {
  return { file: projectRelative(spec, s.file), line: s.line, col: s.col };
}

export function buildSummary(result: AuditResult, spec: AuditSpec): RunSummary {
  const specFrameworks = new Map(spec.frameworks.map((f) => [f.id, f]));
  const frameworks: SummaryFramework[] = result.frameworks.map((f) => {
    const sf = specFrameworks.get(f.frameworkId);
    return {
      id: f.frameworkId,
      title: f.title,
      version: sf?.version ?? "",
      score: f.score,
      counts: f.counts,
      automated: f.automated,
      manual: f.manual,
      groups: (sf?.groups ?? []).map((g) => ({ id: g.id, title: g.title, requirements: g.requirements.map((r) => r.id) })),
      requirements: f.requirements.map((r) => ({
        id: r.requirementId,
        label: r.label,
        title: r.title,
        severity: r.severity,
        status: r.status,
        underlying: r.underlying,
        waiver: r.waiver ?? null,
        expiredWaivers: r.expiredWaivers ?? [],
        manualEvidence: r.manualEvidence ?? [],
        checks: r.checks.map((c) => [c.checkId, c.targetId, c.status, c.message] as const),
      })),
    };
  });
  const checks: Record<string, SummaryCatalog["checks"][string]> = {};
  for (const [id, c] of [...spec.checks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    checks[id] = { title: c.title, probe: c.probe, source: sourceOf(spec, c.source) };
  }
  const requirements: Record<string, SummaryCatalog["requirements"][string]> = {};
  for (const f of spec.frameworks) {
    for (const g of f.groups) for (const r of g.requirements) requirements[r.id] = { frameworkId: f.id, source: sourceOf(spec, r.source) };
  }
  return { frameworks, gate: { passed: result.gate.passed, reasons: [...result.gate.reasons] }, catalog: { checks, requirements } };
}
