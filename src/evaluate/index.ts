/**
 * @module The evaluate stage (pure): observations → check results → requirement results →
 * framework scores → gate decision, with waivers overlaid. No I/O, no clock: `today` is given.
 */
import type {
  AuditResult,
  AuditSpec,
  CheckResult,
  FrameworkResult,
  GateOptions,
  Observation,
  RunSelection,
  SpecSelection,
} from "../model/index.js";
import type { CheckBinding, Plan } from "../plan/index.js";
import { attestCheck, checkResult, waiveCheck } from "./check.js";
import { requirementResult, withSelection } from "./requirement.js";
import { assessments, counts, coverage, gate, score } from "./score.js";

export interface EvaluateInput {
  readonly spec: AuditSpec;
  readonly plan: Plan;
  readonly observations: readonly Observation[];
  readonly runId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  /** ISO date used for waiver expiry. */
  readonly today: string;
  readonly gate: GateOptions;
}

/**
 * One check × target result: the check's aspects of the observation, a check-level attestation
 * standing in for an error, waivers overlaid (as of `today`). Null for a check the spec lacks.
 * `evaluate` is built on it; a streaming run calls it as each observation arrives.
 */
export function bindingResult(spec: AuditSpec, b: CheckBinding, obs: Observation, today: string): CheckResult | null {
  const check = spec.checks.get(b.checkId);
  if (!check) return null;
  return waiveCheck(
    attestCheck(checkResult(check, b.targetId, obs), spec.attestations ?? [], today),
    spec.waivers,
    today,
  );
}

export function evaluate(input: EvaluateInput): AuditResult {
  const { spec, plan } = input;
  const attestations = spec.attestations ?? [];
  const byInvocation = new Map(input.observations.map((o) => [o.invocationId, o]));
  const checkResults: CheckResult[] = [];
  for (const b of plan.bindings) {
    const obs = byInvocation.get(b.invocationId);
    const r = obs && bindingResult(spec, b, obs, input.today);
    if (r) checkResults.push(r);
  }
  const byCheck = new Map<string, CheckResult[]>();
  for (const r of checkResults) byCheck.set(r.checkId, [...(byCheck.get(r.checkId) ?? []), r]);

  const frameworks: FrameworkResult[] = spec.frameworks.map((f) => {
    const requirements = f.groups.flatMap((g) =>
      g.requirements.map((r) =>
        withSelection(
          requirementResult(
            r,
            r.checks.flatMap((c) => byCheck.get(c) ?? []),
            spec.waivers,
            input.today,
            attestations,
          ),
          spec.selection?.narrowed[r.id],
        ),
      ),
    );
    const notSelected = requirements.filter((r) => r.status === "not_selected").length;
    const automated = requirements.filter(
      (r) => r.status !== "not_selected" && (r.checks.length > 0 || r.assessment === "automated"),
    ).length;
    const byAssessment = assessments(requirements);
    return {
      frameworkId: f.id,
      title: f.title,
      score: score(requirements),
      counts: counts(requirements),
      automated,
      manual: requirements.length - automated - notSelected,
      assessment: byAssessment,
      coverage: coverage(byAssessment),
      requirements,
    };
  });

  return {
    runId: input.runId,
    projectName: spec.projectName,
    profileId: spec.profile.id,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    frameworks,
    checkResults,
    observations: input.observations,
    ...(spec.selection ? { selection: runSelection(spec.selection) } : {}),
    gate: gate(frameworks, input.gate),
  };
}

/** The selection as the run records it: what was asked for and what was left out (statuses say the rest). */
function runSelection({ narrowed: _, ...record }: SpecSelection): RunSelection {
  return record;
}

export { fold, FOLD_PRECEDENCE } from "./fold.js";
export { diffRuns, diffableResult, diffableStored, findingKey } from "./diff.js";
export type {
  CheckChange,
  DiffableCheck,
  DiffableRequirement,
  DiffableRun,
  RequirementChange,
  RunDiff,
} from "./diff.js";
export { applyBaseline } from "./baseline.js";
export { score, counts, gate, coverage, assessments } from "./score.js";
export { applyAttestation, describeAttestation } from "./attestations.js";
export { addDuration, isDuration } from "./dates.js";
