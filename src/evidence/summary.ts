/** @module buildSummary: the evaluated result in the form signed inside the manifest, enough to rebuild any report. */
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunSummary, SummaryCatalog, SummaryCheckRow, SummaryFramework } from "../model/evidence.js";
import { type AuditResult, frameworkTally, requirementHead } from "../model/result.js";
import type { AuditSpec, SourceRef } from "../model/spec.js";

/** The installed Assay package (src/evidence or dist/evidence → two levels up): shipped catalogs live here. */
const ASSAY_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const inside = (rel: string): boolean => rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
const posix = (rel: string): string => rel.split(sep).join("/");

/**
 * A file as the manifest names it, the same on every machine: relative to the project folder
 * with `/` separators; files shipped with Assay as `assay:controls/…`; anything else relative.
 */
export function projectRelative(spec: AuditSpec, file: string): string {
  const base = dirname(resolve(spec.projectFile));
  const abs = resolve(base, file);
  const fromProject = relative(base, abs);
  if (inside(fromProject)) return posix(fromProject);
  const fromAssay = relative(ASSAY_ROOT, abs);
  return inside(fromAssay) ? `assay:${posix(fromAssay)}` : posix(fromProject);
}

function sourceOf(spec: AuditSpec, s: SourceRef): SourceRef {
  return { file: projectRelative(spec, s.file), line: s.line, col: s.col };
}

export function buildSummary(result: AuditResult, spec: AuditSpec): RunSummary {
  const specFrameworks = new Map(spec.frameworks.map((f) => [f.id, f]));
  const reviews = new Map(
    spec.frameworks.flatMap((f) => f.groups.flatMap((g) => g.requirements.map((r) => [r.id, r.review?.every ?? null] as const))),
  );
  const frameworks: SummaryFramework[] = result.frameworks.map((f) => {
    const sf = specFrameworks.get(f.frameworkId);
    return {
      id: f.frameworkId,
      title: f.title,
      version: sf?.version ?? "",
      ...frameworkTally(f),
      groups: (sf?.groups ?? []).map((g) => ({
        id: g.id,
        title: g.title,
        requirements: g.requirements.map((r) => r.id),
        ...(g.mandatory ? { mandatory: true as const } : {}),
      })),
      requirements: f.requirements.map((r) => ({
        ...requirementHead(r.requirementId, r),
        waiver: r.waiver ?? null,
        expiredWaivers: r.expiredWaivers ?? [],
        manualEvidence: r.manualEvidence ?? [],
        checks: r.checks.map((c): SummaryCheckRow => [c.checkId, c.targetId, c.status, c.message]),
        assessment: r.assessment,
        attestation: r.attestation ?? null,
        applicability: applicabilityOf(spec, r.requirementId),
        review: reviews.get(r.requirementId) ?? null,
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
  const gate = {
    passed: result.gate.passed,
    reasons: [...result.gate.reasons],
    ...(result.gate.baseline !== undefined ? { baseline: result.gate.baseline } : {}),
  };
  const checkWaivers = result.checkResults.flatMap((c) =>
    c.waiver ? [{ checkId: c.checkId, targetId: c.targetId, underlying: c.underlying, waiver: c.waiver }] : [],
  );
  return {
    frameworks,
    ...(spec.signoff ? { signoff: spec.signoff } : {}),
    gate,
    catalog: { checks, requirements },
    checkWaivers,
    ...(result.selection ? { selection: result.selection } : {}),
  };
}

function applicabilityOf(spec: AuditSpec, id: string): { applicable: boolean; justification: string } | null {
  const d = spec.applicability?.get(id);
  return d ? { applicable: d.applicable, justification: d.justification } : null;
}
