/**
 * @module `assay worker`: takes invocation jobs from the queue, runs each with the same `invoke`
 * the local engine uses (params check, deadline, redaction), resolves secret references from its
 * own environment, takes jobs from every group queue the coordinators declared (their limits hold
 * across all workers, see groups.ts) and applies `run.limits` within this process too, reuses one
 * session per target while jobs for it keep coming, and returns the
 * Observation. A transient failure is thrown (BullMQ retries it elsewhere, with backoff) until the
 * last attempt, which returns the `error` observation instead: a run never waits on a dead target.
 */
import { createHash } from "node:crypto";
import type { Job } from "bullmq";
import { invoke } from "../engine/invoke.js";
import { GroupLimiter } from "../engine/limits.js";
import { TargetSessions } from "../engine/sessions.js";
import type { GroupLimit, Observation, TargetDecl } from "../model/index.js";
import { PROBES } from "../probes/registry.js";
import { CONNECTORS } from "../targets/index.js";
import { Redactor, defaultSecretPorts } from "../targets/secrets.js";
import { ATTEMPTS, isTransient, missingObservation, type InvocationJob } from "./jobs.js";
import { listGroups } from "./groups.js";
import { INVOCATIONS, openFleetQueue } from "./queue.js";

export interface WorkerOptions {
  readonly url: string;
  readonly concurrency: number;
  /** Folder `${file:…}` references and file targets resolve against (the project checkout). */
  readonly baseDir: string;
  readonly lockMs?: number;
  /** How long an unused target session stays open for the next job on that target. */
  readonly idleMs?: number;
  /** How often the registry of group queues is read for new ones. */
  readonly groupPollMs?: number;
  readonly onJob?: (o: Observation, attempt: number) => void;
}

export interface RunningWorker {
  close(): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const fleet = await openFleetQueue(opts.url);
  const controller = new AbortController();
  const sessions = new IdleSessions(opts.baseDir, controller.signal, opts.idleMs ?? 30_000);
  // run.limits apply per worker process: one limiter per distinct set of limits (i.e. per project).
  const limiters = new Map<string, GroupLimiter>();
  const limiterFor = (limits: readonly GroupLimit[] = []): GroupLimiter => {
    const key = JSON.stringify(limits);
    let l = limiters.get(key);
    if (!l) limiters.set(key, (l = new GroupLimiter(limits)));
    return l;
  };
  const processor = async (job: Job<InvocationJob>): Promise<Observation> => {
    const { invocation, target, timeoutMs } = job.data;
    const probe = PROBES.get(invocation.probeId);
    const attempt = job.attemptsMade + 1;
    if (!probe) {
      return missingObservation(
        invocation,
        `probe ${invocation.probeId} is not known to this worker's Assay`,
        new Date().toISOString(),
      );
    }
    let transient = false;
    const observation = await limiterFor(job.data.limits).run(target, async () => {
      const lease = sessions.lease(target, timeoutMs);
      try {
        return await invoke(invocation, {
          probe,
          target,
          sessions: lease.sessions,
          redactor: lease.redactor,
          timeoutMs,
          signal: controller.signal,
          now: () => new Date(),
          onFailure: (cause, timedOut) => (transient = isTransient(cause, timedOut)),
        });
      } finally {
        lease.release();
      }
    });
    if (transient) sessions.drop(target);
    if (observation.error !== undefined && transient && attempt < (job.opts.attempts ?? ATTEMPTS)) {
      // Thrown: BullMQ retries with backoff; the message is already redacted by invoke.
      throw new Error(observation.error);
    }
    opts.onJob?.(observation, attempt);
    return observation;
  };
  const workers = new Map<string, Awaited<ReturnType<typeof consume>>>();
  const consume = async (name: string) => {
    const w = fleet.worker(name, processor as (job: Job) => Promise<unknown>, {
      concurrency: opts.concurrency,
      lockMs: opts.lockMs ?? 30_000,
      maxStalledCount: 3,
    });
    w.on("error", () => undefined); // connection hiccups: BullMQ reconnects; jobs stay locked or stall
    await w.waitUntilReady();
    return w;
  };
  workers.set(INVOCATIONS, await consume(INVOCATIONS));
  let closing = false;
  const pollGroups = async () => {
    for (const g of await listGroups(fleet).catch(() => []))
      if (!workers.has(g.name) && !closing) workers.set(g.name, await consume(g.name));
  };
  await pollGroups();
  let polling = Promise.resolve();
  const poller = setInterval(() => {
    polling = polling.then(pollGroups, pollGroups);
  }, opts.groupPollMs ?? 2000);
  return {
    async close() {
      closing = true;
      clearInterval(poller);
      await polling.catch(() => undefined);
      await Promise.all([...workers.values()].map((w) => w.close()));
      controller.abort();
      await sessions.closeAll();
    },
  };
}

interface Entry {
  readonly sessions: TargetSessions;
  readonly redactor: Redactor;
  readonly target: TargetDecl;
  users: number;
  stale: boolean;
  timer?: NodeJS.Timeout;
}

/** One session per target (and connection), shared by concurrent jobs, closed after `idleMs` unused. */
class IdleSessions {
  readonly #open = new Map<string, Entry>();

  constructor(
    readonly baseDir: string,
    readonly signal: AbortSignal,
    readonly idleMs: number,
  ) {}

  lease(target: TargetDecl, timeoutMs: number): { sessions: TargetSessions; redactor: Redactor; release(): void } {
    const key = keyOf(target);
    let e = this.#open.get(key);
    if (!e) {
      const redactor = new Redactor();
      e = {
        sessions: new TargetSessions({
          connectors: CONNECTORS,
          secrets: defaultSecretPorts(this.baseDir),
          redactor,
          timeoutMs,
          signal: this.signal,
        }),
        redactor,
        target,
        users: 0,
        stale: false,
      };
      this.#open.set(key, e);
    }
    const entry = e;
    clearTimeout(entry.timer);
    entry.users++;
    return {
      sessions: entry.sessions,
      redactor: entry.redactor,
      release: () => {
        entry.users--;
        if (entry.users > 0) return;
        if (entry.stale) void closeEntry(entry);
        else {
          entry.timer = setTimeout(() => void this.#close(key), this.idleMs);
          entry.timer.unref();
        }
      },
    };
  }

  /** Forget a target whose connection failed, so the next attempt opens a fresh one. */
  drop(target: TargetDecl): void {
    const key = keyOf(target);
    const e = this.#open.get(key);
    if (!e) return;
    this.#open.delete(key);
    e.stale = true;
    if (e.users === 0) void closeEntry(e);
  }

  async #close(key: string): Promise<void> {
    const e = this.#open.get(key);
    if (!e || e.users > 0) return;
    this.#open.delete(key);
    await closeEntry(e);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((k) => this.#close(k)));
  }
}

async function closeEntry(e: Entry): Promise<void> {
  clearTimeout(e.timer);
  await e.sessions.closeAll([e.target]);
}

function keyOf(t: TargetDecl): string {
  return createHash("sha256")
    .update(JSON.stringify([t.id, t.type, t.connection]))
    .digest("hex");
}
