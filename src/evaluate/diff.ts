/**
 * @module diffRuns: what changed between two runs, per requirement and per check × target. Pure.
 * `diffableResult` adapts a fresh AuditResult and `diffableStored` a stored run (signed summary +
 * records), so `assay diff` compares stored runs and `assay run --baseline` compares a fresh
 * result to one with the same function. A check × target regresses when it was not failing or
 * erroring before and is now (a new failing target or check counts), or when it keeps failing but
 * has a failing finding whose identity (`findingKey`: aspect + object) did not fail before.
 */
import type { EvidenceRecord, RunManifest } from "../model/evidence.js";
import { type AuditResult, type Finding, requirementHead } from "../model/result.js";
import type { Severity, Status } from "../model/status.js";

export interface DiffableRequirement {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: Status;
}

export type DiffableFinding = Pick<Finding, "aspect" | "status" | "messageId" | "message" | "subject">;

export interface DiffableCheck {
  readonly checkId: string;
  readonly targetId: string;
  /** Final status (after check-level waivers). */
  readonly status: Status;
  readonly findings: readonly DiffableFinding[];
}

export interface DiffableRun {
  readonly frameworks: readonly {
    readonly id: string;
    readonly score: number | null;
    readonly requirements: readonly DiffableRequirement[];
  }[];
  /** Check × target results; absent means the run is compared at requirement level only. */
  readonly checks?: readonly DiffableCheck[];
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

export interface CheckChange {
  readonly checkId: string;
  readonly targetId: string;
  /** Status in run A; null when the check × target is new in B. */
  readonly before: Status | null;
  /** Status in run B; null when it is gone. */
  readonly after: Status | null;
  /** Failing findings of B that did not fail in A (for a regression), or the reverse (recovery). */
  readonly findings: readonly DiffableFinding[];
}

export interface RunDiff {
  /** Was not failing or erroring in A, is in B. */
  readonly regressed: readonly RequirementChange[];
  /** Failed or errored in A, no longer does in B. */
  readonly recovered: readonly RequirementChange[];
  /** Other status changes (for instance pass → waived, manual → not_applicable). */
  readonly changed: readonly RequirementChange[];
  readonly appeared: readonly RequirementChange[];
  readonly disappeared: readonly RequirementChange[];
  /** Check × target level: newly failing (or new failing findings), and no longer failing. */
  readonly checks: { readonly regressed: readonly CheckChange[]; readonly recovered: readonly CheckChange[] };
  /** Score per framework in A and B (null when not scored or absent). */
  readonly scores: readonly {
    readonly frameworkId: string;
    readonly before: number | null;
    readonly after: number | null;
  }[];
}

const bad = (s: Status): boolean => s === "fail" || s === "error";

/** A finding's identity across runs: its aspect and the object it is about (else its message id). */
export const findingKey = (f: DiffableFinding): string => `${f.aspect}\u0000${f.subject ?? `#${f.messageId}`}`;

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
  const change = (frameworkId: string, r: DiffableRequirement, before: Status | null, after: Status | null) => ({
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
    // A run that did not check it (`not_selected`) cannot show it recovered: changed. (The other way
    // round, a failure after a run that did not check it counts as a regression, as a new failure would.)
    else if (prev.r.status !== r.status && r.status === "not_selected")
      out.changed.push(change(frameworkId, r, prev.r.status, r.status));
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
    checks: diffChecks(a.checks ?? [], b.checks ?? []),
    scores: ids.map((frameworkId) => ({ frameworkId, before: score(a, frameworkId), after: score(b, frameworkId) })),
  };
}

const slot = (c: { readonly checkId: string; readonly targetId: string }): string => `${c.checkId}\u0000${c.targetId}`;
const failing = (c: DiffableCheck | undefined): DiffableFinding[] =>
  c && bad(c.status) ? c.findings.filter((f) => bad(f.status)) : [];

function newIn(after: DiffableCheck | undefined, before: DiffableCheck | undefined): DiffableFinding[] {
  const known = new Set(failing(before).map(findingKey));
  return failing(after).filter((f) => !known.has(findingKey(f)));
}

function diffChecks(a: readonly DiffableCheck[], b: readonly DiffableCheck[]): RunDiff["checks"] {
  const ia = new Map(a.map((c) => [slot(c), c]));
  const ib = new Map(b.map((c) => [slot(c), c]));
  const regressed: CheckChange[] = [];
  const recovered: CheckChange[] = [];
  for (const [key, c] of ib) {
    const prev = ia.get(key);
    const before = prev?.status ?? null;
    const fresh = newIn(c, prev);
    if (bad(c.status) && (before === null || !bad(before) || fresh.length > 0))
      regressed.push({ checkId: c.checkId, targetId: c.targetId, before, after: c.status, findings: fresh });
    else if (before !== null && bad(before) && !bad(c.status))
      recovered.push({ checkId: c.checkId, targetId: c.targetId, before, after: c.status, findings: newIn(prev, c) });
  }
  return { regressed: sortChecks(regressed), recovered: sortChecks(recovered) };
}

const sortChecks = (cs: CheckChange[]): CheckChange[] => cs.sort((x, y) => (slot(x) < slot(y) ? -1 : 1));

/** A fresh result, as `diffRuns` compares it. */
export function diffableResult(result: AuditResult): DiffableRun {
  return {
    frameworks: result.frameworks.map((f) => ({
      id: f.frameworkId,
      score: f.score,
      requirements: f.requirements.map((r) => requirementHead(r.requirementId, r)),
    })),
    checks: result.checkResults.map((c) => ({
      checkId: c.checkId,
      targetId: c.targetId,
      status: c.status,
      findings: c.findings,
    })),
  };
}

/** A stored run (its signed summary and its records), as `diffRuns` compares it. */
export function diffableStored(manifest: RunManifest, records: readonly EvidenceRecord[]): DiffableRun {
  const final = new Map<string, Status>();
  for (const f of manifest.summary.frameworks)
    for (const r of f.requirements)
      for (const [checkId, targetId, status] of r.checks) final.set(`${checkId}\u0000${targetId}`, status);
  return {
    frameworks: manifest.summary.frameworks,
    checks: records.map((r) => ({
      checkId: r.checkId,
      targetId: r.targetId,
      status: final.get(`${r.checkId}\u0000${r.targetId}`) ?? r.status,
      findings: r.findings,
    })),
  };
}
