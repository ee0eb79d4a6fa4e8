/**
 * @module Per-group limits across every worker (`run.limits` in a distributed run). Each limited
 * bucket (`host:db1`, `tag:pii`, `group:pg-eu`) gets its own BullMQ queue whose global concurrency
 * and global rate limit BullMQ itself enforces across all workers, on Redis and on PostgreSQL
 * alike. An invocation goes to the queue of its target's strictest bucket; a target in several
 * limited buckets has the others enforced per worker process (the engine's `GroupLimiter`, which
 * every worker also applies). The coordinator records each group queue in a registry queue that
 * no one consumes; workers read it and start taking jobs from every queue listed there.
 */
import { createHash } from "node:crypto";
import { GroupLimiter } from "../engine/limits.js";
import type { GroupLimit, TargetDecl } from "../model/index.js";
import { INVOCATIONS, type FleetQueue } from "./queue.js";

/** The registry of group queues: one never-processed job per queue, its id the queue name. */
export const GROUPS = "assay-groups";

export interface GroupQueue {
  readonly name: string;
  readonly bucket: string;
  readonly concurrency?: number;
  readonly ratePerSecond?: number;
}

/** Queue names are BullMQ-safe (no `:`) and readable: `assay-invocations-host_db1-1a2b3c4d`. */
export function groupQueueName(bucket: string): string {
  const readable = bucket.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40);
  return `${INVOCATIONS}-${readable}-${createHash("sha256").update(bucket).digest("hex").slice(0, 8)}`;
}

/**
 * The queue each target's jobs go to: its strictest limited bucket (lowest concurrency, then lowest
 * rate, then name), or the shared invocation queue when no limit applies to it.
 */
export function routeTargets(
  limits: readonly GroupLimit[],
  targets: readonly TargetDecl[],
): { readonly queueOf: (target: TargetDecl) => string; readonly groups: readonly GroupQueue[] } {
  const limiter = new GroupLimiter(limits);
  const groups = new Map<string, GroupQueue>();
  const byTarget = new Map<string, string>();
  for (const t of targets) {
    const ranked = limiter
      .keys(t)
      .map((bucket) => ({ bucket, ...limiter.limitOf(bucket) }))
      .sort(
        (a, b) =>
          (a.concurrency ?? Infinity) - (b.concurrency ?? Infinity) ||
          (a.ratePerSecond ?? Infinity) - (b.ratePerSecond ?? Infinity) ||
          (a.bucket < b.bucket ? -1 : 1),
      );
    const strictest = ranked[0];
    if (!strictest) continue;
    const name = groupQueueName(strictest.bucket);
    groups.set(name, { name, ...strictest });
    byTarget.set(t.id, name);
  }
  return { queueOf: (t) => byTarget.get(t.id) ?? INVOCATIONS, groups: [...groups.values()] };
}

/** Set each group queue's global limits and list it in the registry (idempotent: the job id is the name). */
export async function declareGroups(fleet: FleetQueue, groups: readonly GroupQueue[]): Promise<void> {
  if (groups.length === 0) return;
  const registry = fleet.queue(GROUPS);
  try {
    for (const g of groups) {
      const q = fleet.queue(g.name);
      try {
        if (g.concurrency !== undefined) await q.setGlobalConcurrency(g.concurrency);
        else await q.removeGlobalConcurrency();
        // One start per 1/rate seconds, as the per-process limiter spaces them.
        if (g.ratePerSecond !== undefined) await q.setGlobalRateLimit(1, Math.ceil(1000 / g.ratePerSecond));
        else await q.removeGlobalRateLimit();
      } finally {
        await q.close();
      }
      await registry.add(g.name, g, { jobId: g.name });
    }
  } finally {
    await registry.close();
  }
}

/** The group queues the registry lists (workers poll this). */
export async function listGroups(fleet: FleetQueue): Promise<GroupQueue[]> {
  const registry = fleet.queue(GROUPS);
  try {
    const jobs = await registry.getJobs(["waiting", "wait", "prioritized"], 0, 10_000);
    return jobs.flatMap((j) => {
      const g = j?.data as Partial<GroupQueue> | undefined;
      return typeof g?.name === "string" && g.name.startsWith(INVOCATIONS) ? [g as GroupQueue] : [];
    });
  } finally {
    await registry.close();
  }
}
