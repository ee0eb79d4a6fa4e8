/**
 * @module The engine stage: runs a plan's invocations with bounded global and per-target
 * concurrency, per-group limits (`run.limits`), one shared session per target, a deadline per invocation and cancellation;
 * emits progress events; returns one Observation per invocation, in plan order.
 */
import pLimit, { type LimitFunction } from "p-limit";
import PQueue from "p-queue";
import type { AuditSpec, Observation, TargetDecl } from "../model/index.js";
import type { AnyProbe } from "../probes/define.js";
import type { Plan, ProbeInvocation } from "../plan/index.js";
import type { AnyConnector } from "../targets/index.js";
import { Redactor, type SecretPorts } from "../targets/secrets.js";
import { invoke } from "./invoke.js";
import { GroupLimiter } from "./limits.js";
import { TargetSessions } from "./sessions.js";

export type EngineEvent =
  | { readonly type: "planned"; readonly total: number; readonly perTarget: Readonly<Record<string, number>> }
  | { readonly type: "started"; readonly invocation: ProbeInvocation }
  | { readonly type: "finished"; readonly invocation: ProbeInvocation; readonly observation: Observation };

export interface EngineOptions {
  readonly probes: ReadonlyMap<string, AnyProbe>;
  readonly connectors: Readonly<Record<string, AnyConnector>>;
  readonly secrets: SecretPorts;
  readonly redactor?: Redactor;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly onEvent?: (e: EngineEvent) => void;
}

/** Runs the plan and returns one Observation per invocation, in plan order. */
export async function runPlan(plan: Plan, spec: AuditSpec, opts: EngineOptions): Promise<Observation[]> {
  const index = new Map(plan.invocations.map((inv, i) => [inv.id, i]));
  const results = new Array<Observation>(plan.invocations.length);
  await streamPlan(plan, spec, opts, (o) => {
    const i = index.get(o.invocationId);
    if (i !== undefined) results[i] = o;
  });
  return results;
}

/**
 * Runs the plan and hands each Observation to `sink` as it completes (awaited before the probe's
 * slot is released), keeping none: memory does not grow with the plan.
 */
export async function streamPlan(
  plan: Plan,
  spec: AuditSpec,
  opts: EngineOptions,
  sink: (o: Observation) => void | Promise<void>,
): Promise<void> {
  const { concurrency, timeoutMs } = spec.settings;
  const signal = opts.signal ?? new AbortController().signal;
  const now = opts.now ?? (() => new Date());
  const redactor = opts.redactor ?? new Redactor();
  const sessions = new TargetSessions({
    connectors: opts.connectors,
    secrets: opts.secrets,
    redactor,
    timeoutMs,
    signal,
  });
  const global = new PQueue({ concurrency: Math.max(1, concurrency.global) });
  const perTarget = new Map<string, LimitFunction>();
  const limitFor = (id: string): LimitFunction => {
    let l = perTarget.get(id);
    if (!l) perTarget.set(id, (l = pLimit(Math.max(1, concurrency.perTarget))));
    return l;
  };
  const targets = new Map(spec.targets.map((t) => [t.id, t]));
  const groups = new GroupLimiter(spec.settings.limits);

  const counts: Record<string, number> = {};
  for (const inv of plan.invocations) counts[inv.targetId] = (counts[inv.targetId] ?? 0) + 1;
  opts.onEvent?.({ type: "planned", total: plan.invocations.length, perTarget: counts });

  // Scheduled target by target (results still come back in plan order): a target's rank is its place
  // in the schedule, and every limit serves the lowest rank first, so a target already begun runs its
  // next probe before another target opens. Its session is closed as soon as its last probe run ends:
  // a fleet holds about `concurrency` targets open (measured in test/engine), not the whole fleet.
  const byTarget = new Map<string, number[]>();
  plan.invocations.forEach((inv, i) => {
    const list = byTarget.get(inv.targetId);
    if (list) list.push(i);
    else byTarget.set(inv.targetId, [i]);
  });
  const remaining = new Map(Object.entries(counts));
  const runOne = async (inv: ProbeInvocation, decl: TargetDecl | undefined): Promise<void> => {
    opts.onEvent?.({ type: "started", invocation: inv });
    const probe = opts.probes.get(inv.probeId);
    const observation =
      probe && decl
        ? await invoke(inv, { probe, target: decl, sessions, redactor, timeoutMs, signal, now })
        : errorObservation(
            inv,
            now().toISOString(),
            `probe ${inv.probeId} or target ${inv.targetId} is not known to this Assay`,
          );
    opts.onEvent?.({ type: "finished", invocation: inv, observation });
    await sink(observation);
  };
  try {
    await Promise.all(
      [...byTarget.values()].flatMap((list, rank) =>
        list.map(async (i) => {
          const inv = plan.invocations[i] as ProbeInvocation;
          const decl = targets.get(inv.targetId);
          const admitted = () => global.add(() => runOne(inv, decl), { priority: -rank });
          await limitFor(inv.targetId)(() => (decl ? groups.run(decl, admitted, rank) : admitted()));
          const left = (remaining.get(inv.targetId) ?? 1) - 1;
          remaining.set(inv.targetId, left);
          if (left === 0 && decl) await sessions.close(decl);
        }),
      ),
    );
  } finally {
    await sessions.closeAll(spec.targets);
  }
}

/** An `error` observation for a planned invocation that produced none (unknown probe or target, lost job). */
export function errorObservation(inv: ProbeInvocation, at: string, error: string): Observation {
  return {
    invocationId: inv.id,
    probeId: inv.probeId,
    probeVersion: "unknown",
    targetId: inv.targetId,
    params: {},
    startedAt: at,
    endedAt: at,
    facts: {},
    findings: [],
    error,
  };
}
