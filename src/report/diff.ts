/**
 * @module diffRuns: what changed between two runs, per requirement. Pure. Accepts anything shaped
 * like a run summary (`RunManifest.summary`, `buildSummary(result, spec)` or a ReportModel), so
 * `assay diff` compares stored runs and `assay run --baseline` compares a fresh result to one.
 */
import type { Severity, Status } from "../model/status.js";

export interface DiffableRequirement {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: Status;
}

export interface DiffableRun {
  readonly frameworks: readonly {
    readonly id: string;
    readonly score: number | null;
    readonly requirements: readonly DiffableRequirement[];
  }[];
}

export interface RequirementChange {
  readonly frameworkId: string;
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly severity: Severity;
  /** Status in run A; null when the requirement appeared in B. */
  readonly before: Status | null;
  /** Status in run B; null when the requirement disappeared. */
  readonly after: Status | null;
}

export interface RunDiff {
  /** Was not failing or erroring in A, is in B: what `--baseline` gates on. */
  readonly regressed: readonly RequirementChange[];
  /** Failed or errored in A, no longer does in B. */
  readonly recovered: readonly RequirementChange[];
  /** Other status changes (for instance pass → waived, manual → not_applicable). */
  readonly changed: readonly RequirementChange[];
  readonly appeared: readonly RequirementChange[];
  readonly disappeared: readonly RequirementChange[];
  /** Score per framework in A and B (null when not scored or absent). */
  readonly scores: readonly {
    readonly frameworkId: string;
    readonly before: number | null;
    readonly after: number | null;
  }[];
}

const bad = (s: Status): boolean => s === "fail" || s === "error";

function index(run: DiffableRun): Map<string, { frameworkId: string; r: DiffableRequirement }> {
  const m = new Map<string, { frameworkId: string; r: DiffableRequirement }>();
  for (const f of run.frameworks)
    for (const r of f.requirements) m.set(`${f.id}\u0000${r.id}`, { frameworkId: f.id, r });
  return m;
}

export function diffRuns(a: DiffableRun, b: DiffableRun): RunDiff {
  const ia = index(a);
  const ib = index(b);
  const out = {
    regressed: [] as RequirementChange[],
    recovered: [] as RequirementChange[],
    changed: [] as RequirementChange[],
    appeared: [] as RequirementChange[],
    disappeared: [] as RequirementChange[],
  };
  const change = (
    frameworkId: string,
    r: DiffableRequirement,
    before: Status | null,
    after: Status | null,
  ): RequirementChange => ({
    frameworkId,
    id: r.id,
    label: r.label,
    title: r.title,
    severity: r.severity,
    before,
    after,
  });
  for (const [key, { frameworkId, r }] of ib) {
    const prev = ia.get(key);
    if (!prev) out.appeared.push(change(frameworkId, r, null, r.status));
    else if (!bad(prev.r.status) && bad(r.status)) out.regressed.push(change(frameworkId, r, prev.r.status, r.status));
    else if (bad(prev.r.status) && !bad(r.status)) out.recovered.push(change(frameworkId, r, prev.r.status, r.status));
    else if (prev.r.status !== r.status) out.changed.push(change(frameworkId, r, prev.r.status, r.status));
  }
  for (const [key, { frameworkId, r }] of ia)
    if (!ib.has(key)) out.disappeared.push(change(frameworkId, r, r.status, null));
  const ids = [...new Set([...a.frameworks, ...b.frameworks].map((f) => f.id))];
  const score = (run: DiffableRun, id: string): number | null => run.frameworks.find((f) => f.id === id)?.score ?? null;
  return {
    ...out,
    scores: ids.map((frameworkId) => ({ frameworkId, before: score(a, frameworkId), after: score(b, frameworkId) })),
  };
}
