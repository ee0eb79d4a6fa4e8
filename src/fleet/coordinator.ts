/**
 * @module The coordinator of a distributed run: enqueue the plan as one BullMQ flow (parent = the
 * run, one child job per invocation, ids derived from run and invocation), wait until every child
 * is processed, and hand back one Observation per invocation — the same values the local engine
 * returns, so evaluate and evidence are the very same stages. They are read from the queue page by
 * page (500 results at a time) and handed on one page at a time, so the coordinator's memory does not
 * grow with the fleet: the evidence store takes each as it comes. A child that failed on every
 * attempt, or that has no result when the wait ends, is handed on as `missing`: the run is then
 * signed as explicitly partial, never as complete.
 */
import { createHash } from "node:crypto";
import type { Job } from "bullmq";
import { AssayError, EXIT } from "../errors.js";
import type { AuditSpec, Observation, PartialRun } from "../model/index.js";
import type { Plan } from "../plan/index.js";
import { ATTEMPTS, BACKOFF_MS, jobId, missingObservation, type InvocationJob, type RunJob } from "./jobs.js";
import { declareGroups, routeTargets } from "./groups.js";
import { RUNS, type FleetQueue } from "./queue.js";

export interface QueueProgress {
  readonly done: number;
  readonly total: number;
  /** Jobs that failed on every attempt (their invocations will be missing). */
  readonly failed: number;
}

export interface CoordinatorOptions {
  readonly fleet: FleetQueue;
  readonly runId: string;
  readonly startedAt: string;
  /** Continue a run already in the queue (after the coordinator was stopped) instead of enqueueing it. */
  readonly resume?: boolean;
  /** Stop waiting after this long and sign what arrived as a partial run. */
  readonly waitTimeoutMs?: number;
  readonly pollMs?: number;
  readonly onProgress?: (p: QueueProgress) => void;
  /** Called once the run's jobs are in the queue (from then on, `--resume` can continue it). */
  readonly onQueued?: () => void;
}

export interface QueueOutcome {
  /** Every invocation's Observation, read from the queue page by page (iterate once). */
  readonly observations: AsyncIterable<Observation>;
  /** Once `observations` is exhausted: the invocations no worker answered, or null. */
  partial(): PartialRun | null;
  /** When the run was first enqueued (kept across `--resume`). */
  readonly startedAt: string;
}

export function planDigest(plan: Plan): string {
  return createHash("sha256")
    .update(
      plan.invocations
        .map((i) => i.id)
        .sort()
        .join("\n"),
    )
    .digest("hex");
}

export async function runOnQueue(
  plan: Plan,
  spec: AuditSpec,
  engine: { readonly signal?: AbortSignal },
  opts: CoordinatorOptions,
): Promise<QueueOutcome> {
  const { fleet, runId } = opts;
  const runs = fleet.queue(RUNS);
  let parent: Job<RunJob> | undefined;
  let startedAt: string;
  try {
    const digest = planDigest(plan);
    parent = (await runs.getJob(runId)) as Job<RunJob> | undefined;
    if (opts.resume) {
      if (!parent)
        throw new AssayError(
          `run ${runId} is not in the queue ${fleet.shown}: nothing to resume (was it already signed?)`,
        );
      if (parent.data.planDigest !== digest)
        throw new AssayError(`run ${runId} was planned from different inputs (targets, checks or selection changed)`, {
          exit: EXIT.invalid,
          hint: "resume with the same project file and the same --targets/--checks",
        });
    } else {
      if (parent)
        throw new AssayError(`run ${runId} is already in the queue`, {
          exit: EXIT.invalid,
          hint: `use --resume ${runId}`,
        });
      await enqueue(plan, spec, opts, digest);
      parent = (await runs.getJob(runId)) as Job<RunJob> | undefined;
      if (!parent) throw new AssayError(`run ${runId} was enqueued but cannot be read back from ${fleet.shown}`);
    }
    opts.onQueued?.();
    startedAt = parent.data.startedAt;
    const total = plan.invocations.length;
    const deadline = opts.waitTimeoutMs !== undefined ? Date.now() + opts.waitTimeoutMs : Infinity;
    for (;;) {
      const c = await parent.getDependenciesCount();
      const failed = (c.ignored ?? 0) + (c.failed ?? 0);
      const done = (c.processed ?? 0) + failed;
      opts.onProgress?.({ done, total, failed });
      if ((c.unprocessed ?? 0) === 0 && done >= total) break;
      if (Date.now() >= deadline || engine.signal?.aborted) break;
      await sleep(opts.pollMs ?? 500, engine.signal);
    }
    if (engine.signal?.aborted)
      throw new AssayError("interrupted; no evidence was written, the jobs stay queued", {
        exit: EXIT.incomplete,
        hint: `continue with assay run --resume ${runId} --queue …`,
      });
  } catch (err) {
    await runs.close();
    throw err;
  }
  let partial: PartialRun | null = null;
  return {
    startedAt,
    observations: (async function* () {
      try {
        partial = yield* collect(parent, plan, runId);
      } finally {
        await runs.close();
      }
    })(),
    partial: () => partial,
  };
}

/** Add the run's flow. The Job objects `add` returns belong to the producer's connection, closed here. */
async function enqueue(plan: Plan, spec: AuditSpec, opts: CoordinatorOptions, digest: string): Promise<void> {
  const targets = new Map(spec.targets.map((t) => [t.id, t]));
  // run.limits hold across workers: each limited bucket is a queue with BullMQ's global limits.
  const route = routeTargets(spec.settings.limits ?? [], spec.targets);
  await declareGroups(opts.fleet, route.groups);
  const flow = opts.fleet.flowProducer();
  try {
    const data: RunJob = {
      v: 1,
      runId: opts.runId,
      startedAt: opts.startedAt,
      planDigest: digest,
      total: plan.invocations.length,
    };
    await flow.add({
      name: "run",
      queueName: RUNS,
      data,
      opts: { jobId: opts.runId },
      children: plan.invocations.map((invocation) => {
        const target = targets.get(invocation.targetId);
        if (!target) throw new AssayError(`invocation ${invocation.id} names unknown target ${invocation.targetId}`);
        const job: InvocationJob = {
          v: 1,
          runId: opts.runId,
          invocation,
          target,
          timeoutMs: spec.settings.timeoutMs,
          ...(spec.settings.limits ? { limits: spec.settings.limits } : {}),
        };
        return {
          name: invocation.probeId,
          queueName: route.queueOf(target),
          data: job,
          opts: {
            jobId: jobId(opts.runId, invocation.id),
            attempts: ATTEMPTS,
            backoff: { type: "exponential", delay: BACKOFF_MS },
            ignoreDependencyOnFailure: true,
          },
        };
      }),
    });
  } finally {
    await flow.close();
  }
}

/**
 * Every child's result, page by page; then each invocation no result came for, as a listed missing
 * one. Returns the partial-run record (null when nothing is missing). Kept across pages: the ids seen.
 */
async function* collect(
  parent: Job<RunJob>,
  plan: Plan,
  runId: string,
): AsyncGenerator<Observation, PartialRun | null> {
  const seen = new Set<string>();
  let cursor = 0;
  do {
    const page = await parent.getDependencies({ processed: { cursor, count: 500 } });
    for (const v of Object.values(page.processed ?? {})) {
      const o = (typeof v === "string" ? JSON.parse(v) : v) as Observation;
      if (seen.has(o.invocationId)) continue;
      seen.add(o.invocationId);
      yield o;
    }
    cursor = page.nextProcessedCursor ?? 0;
  } while (cursor !== 0);
  const failures = new Map<string, string>();
  for (const [key, reason] of Object.entries(await parent.getIgnoredChildrenFailures())) {
    const id = key.slice(key.lastIndexOf(`${runId}.`) + runId.length + 1);
    failures.set(id, String(reason));
  }
  const at = new Date().toISOString();
  const missing: PartialRun["missing"][number][] = [];
  for (const inv of plan.invocations) {
    if (seen.has(inv.id)) continue;
    const failed = failures.get(inv.id);
    const reason =
      failed !== undefined
        ? `job failed on every attempt: ${failed}`
        : "no worker returned a result before the coordinator stopped waiting";
    missing.push({ invocationId: inv.id, probeId: inv.probeId, targetId: inv.targetId, reason });
    yield missingObservation(inv, `missing from this partial run: ${reason}`, at);
  }
  return missing.length > 0 ? { missing } : null;
}

/** Remove a signed run's flow from the queue (its results are in the evidence now). */
export async function forgetRun(fleet: FleetQueue, runId: string): Promise<void> {
  const runs = fleet.queue(RUNS);
  try {
    await runs.remove(runId, { removeChildren: true });
  } finally {
    await runs.close();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
